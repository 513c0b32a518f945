package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.function.Handler;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerClassCheckTest {
  private static final String ECHO = EchoHandler.class.getName();
  private static final ClassLoader TEST = HandlerClassCheckTest.class.getClassLoader();

  @TempDir
  Path dir;

  private static List<String> check(String classes, ClassLoader handlers) {
    return AppDefinitions.check(new StringReader("""
        app: wc
        entry: a
        result: a
        functions:
        %s""".formatted(classes)), "app.yaml", Path.of("."), handlers).stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.message())
        .toList();
  }

  @Test
  void eachClassThatCannotBeAHandlerIsReportedAtItsClassLine() {
    String t = TestHandlers.class.getName();
    assertThat(check("""
          a: {class: %1$s}
          b: {class: x.Missing}
          c: {class: %2$s$NotAHandler}
          d: {class: %2$s$NoDefaultConstructor}
          e: {class: %2$s$Abstract}
          f: {class: %2$s$Hidden}
          g: {class: %2$s$Inner}
          h: {class: %3$s}
        """.formatted(ECHO, t, Handler.class.getName()), TEST)).containsExactly(
        "6:14 function 'b' class 'x.Missing' was not found (searched the class path; the app lists"
            + " no jars)",
        "7:14 function 'c' class '" + t + "$NotAHandler' does not implement"
            + " io.jointflow.function.Handler",
        "8:14 function 'd' class '" + t + "$NoDefaultConstructor' has no public no-argument"
            + " constructor",
        "9:14 function 'e' class '" + t + "$Abstract' is abstract; name a concrete class",
        "10:14 function 'f' class '" + t + "$Hidden' is not public",
        "11:14 function 'g' class '" + t + "$Inner' has no public no-argument constructor (it is"
            + " an inner class: make it static)",
        "12:14 function 'h' class 'io.jointflow.function.Handler' is abstract; name a concrete"
            + " class");
  }

  @Test
  void withoutAClassLoaderOnlyTheSpellingIsChecked() {
    assertThat(check("""
          a: {class: x.Missing}
          b: {class: "not a class"}
        """, null)).containsExactly(
        "6:14 function 'b' class must be a Java class name like com.example.Split: 'not a class'");
  }

  @Test
  void classesInTheAppsJarsAreFoundAndTheLoadedAppLoadsThem() throws Exception {
    ClassLoader withoutEcho = new HidingClassLoader(TEST, ECHO);
    writeJar(dir.resolve("lib/handlers.jar"), EchoHandler.class);
    writeJar(dir.resolve("lib/empty.jar"));
    String yaml = """
        app: wc
        jars: [%s]
        functions:
          only: {class: %s}
        """;
    Path withJar = Files.writeString(dir.resolve("with.yaml"), yaml.formatted("lib/handlers.jar", ECHO));
    Path wrongJar = Files.writeString(dir.resolve("wrong.yaml"), yaml.formatted("lib/empty.jar", ECHO));

    Path missingJar = Files.writeString(dir.resolve("missing.yaml"),
        yaml.formatted("lib/empty.jar, lib/gone.jar", ECHO));

    assertThat(AppDefinitions.check(wrongJar, withoutEcho)).extracting(Diagnostic::message)
        .containsExactly("function 'only' class '" + ECHO + "' was not found (searched"
            + " lib/empty.jar and the class path)");
    assertThat(AppDefinitions.check(missingJar, withoutEcho)).extracting(Diagnostic::message)
        .containsExactly(
            "jar 'lib/gone.jar' does not exist: " + dir.resolve("lib/gone.jar"),
            "function 'only' class '" + ECHO + "' was not found (searched lib/empty.jar and the"
                + " class path; not searched: lib/gone.jar, which could not be used)");

    LoadedApp loaded = AppDefinitions.load(withJar, withoutEcho);
    assertThat(loaded.jars()).containsExactly(dir.resolve("lib/handlers.jar"));
    try (URLClassLoader loader = loaded.newClassLoader(withoutEcho)) {
      Class<?> echo = loader.loadClass(loaded.app().function("only").handlerClass());
      assertThat(echo.getClassLoader()).isSameAs(loader);
      assertThat(echo.getConstructor().newInstance()).isInstanceOf(Handler.class);
    }
  }

  /** Writes a jar holding the class files of {@code classes}. */
  private static void writeJar(Path jar, Class<?>... classes) throws Exception {
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        zip.putNextEntry(new JarEntry(entry));
        try (InputStream in = TEST.getResourceAsStream(entry)) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }

  /** The test class path without one class, so it can only come from a jar. */
  private static final class HidingClassLoader extends ClassLoader {
    private final String hidden;

    HidingClassLoader(ClassLoader parent, String hidden) {
      super(parent);
      this.hidden = hidden;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(hidden)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }
}
