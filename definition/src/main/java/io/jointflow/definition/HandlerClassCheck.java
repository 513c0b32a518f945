package io.jointflow.definition;

import io.jointflow.function.Handler;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Checks that every function's handler class can be instantiated the way a host will: it loads
 * from the app's jars or the given class loader, implements {@link Handler}, is a public concrete
 * class and has a public no-argument constructor. Classes are loaded without being initialized, so
 * no user code runs.
 */
final class HandlerClassCheck {
  private HandlerClassCheck() {}

  /**
   * Checks the classes {@code reader} found, through the jars it found.
   *
   * @param parent where classes not in the jars come from
   */
  static void run(DefinitionReader reader, ClassLoader parent, Diagnostics diagnostics) {
    List<DefinitionReader.HandlerClass> classes = reader.handlerClasses();
    if (classes.isEmpty()) {
      return;
    }
    String searched = searched(reader.jarNames(), reader.unusableJars());
    try (URLClassLoader loader = new URLClassLoader(LoadedApp.urls(reader.jars()), parent)) {
      for (DefinitionReader.HandlerClass h : classes) {
        String problem = problem(h.className(), loader, searched);
        if (problem != null) {
          diagnostics.error(h.at(), "function '" + h.function() + "' class '" + h.className() + "' "
              + problem);
        }
      }
    } catch (IOException e) {
      // Closing only releases the jar files the check opened for reading; nothing to report.
    }
  }

  /** Where a class was looked for, for the message when it was not found. */
  private static String searched(List<String> usable, List<String> unusable) {
    if (usable.isEmpty() && unusable.isEmpty()) {
      return "searched the class path; the app lists no jars";
    }
    String where = usable.isEmpty()
        ? "the class path"
        : String.join(", ", usable) + " and the class path";
    return "searched " + where + (unusable.isEmpty() ? ""
        : "; not searched: " + String.join(", ", unusable) + ", which could not be used");
  }

  private static String problem(String name, ClassLoader loader, String searched) {
    Class<?> c;
    try {
      c = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      return "was not found (" + searched + ")";
    } catch (LinkageError e) {
      return "cannot be loaded: " + e;
    }
    if (!Handler.class.isAssignableFrom(c)) {
      return "does not implement " + Handler.class.getName();
    }
    if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      return "is abstract; name a concrete class";
    }
    if (!Modifier.isPublic(c.getModifiers())) {
      return "is not public";
    }
    try {
      c.getConstructor();
      return null;
    } catch (NoSuchMethodException e) {
      boolean inner = c.isMemberClass() && !Modifier.isStatic(c.getModifiers());
      return "has no public no-argument constructor"
          + (inner ? " (it is an inner class: make it static)" : "");
    } catch (LinkageError e) {
      return "cannot be loaded: " + e;
    }
  }
}
