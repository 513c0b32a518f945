package io.jointflow.definition;

import io.jointflow.function.Handler;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Path;
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
   * @param jars the app's jars, absolute
   * @param jarNames the same jars as written in the definition, for messages
   * @param parent where classes not in the jars come from
   */
  static void run(List<DefinitionReader.HandlerClass> classes, List<Path> jars, List<String> jarNames,
      ClassLoader parent, Diagnostics diagnostics) {
    if (classes.isEmpty()) {
      return;
    }
    String searched = jarNames.isEmpty()
        ? "searched the class path; the app lists no jars"
        : "searched " + String.join(", ", jarNames) + " and the class path";
    try (URLClassLoader loader = new URLClassLoader(LoadedApp.urls(jars), parent)) {
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
      return "has no public no-argument constructor"
          + (c.isMemberClass() && !Modifier.isStatic(c.getModifiers()) ? " (it is an inner class: make it static)" : "");
    } catch (LinkageError e) {
      return "cannot be loaded: " + e;
    }
  }
}
