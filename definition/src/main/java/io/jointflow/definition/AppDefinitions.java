package io.jointflow.definition;

import io.jointflow.cloud.Clouds;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads app definitions from YAML ({@code .yaml}, {@code .yml}) and JSON ({@code .json}) files; the
 * format is documented in {@code docs/app-format.md}.
 *
 * <p>Every problem of a definition is found in one pass and reported as a {@link Diagnostic} with
 * its file, line and column: malformed text, wrong types, unknown keys, bad trigger parameters,
 * conditions and names, missing jars, and everything {@link io.jointflow.app.App.Builder#build()}
 * rejects. Loading is pure: it reads the definition and its jars and writes nothing. A name ending
 * in {@code .json} is parsed as JSON, anything else as YAML.
 *
 * <p>When a handler class loader is given, each function's {@code class} is checked the way a host
 * will load it: through a class loader over the app's jars whose parent is the given loader. It
 * must implement {@link io.jointflow.function.Handler} and have a public no-argument constructor.
 * Classes are not initialized, so no user code runs. With {@code null}, classes are not checked.
 *
 * <p>All methods are thread safe; they share no state.
 */
public final class AppDefinitions {
  private AppDefinitions() {}

  /**
   * Loads a definition file.
   *
   * @param handlers the parent of the app's jars for the handler class check, or {@code null} to
   *     skip it
   * @throws DefinitionException with every diagnostic, if the file cannot be read or is invalid
   */
  public static LoadedApp load(Path file, ClassLoader handlers) {
    return orThrow(loadFile(file, handlers));
  }

  /**
   * Checks a definition file without throwing.
   *
   * @return every diagnostic in file order; empty when {@link #load(Path, ClassLoader)} would succeed
   */
  public static List<Diagnostic> check(Path file, ClassLoader handlers) {
    return loadFile(file, handlers).diagnostics();
  }

  /**
   * Loads a definition from text, e.g. standard input or a test string. The reader is not closed.
   *
   * @param name the name diagnostics carry; {@code .json} at its end selects JSON, else YAML
   * @param baseDir the directory the definition's {@code jars} are relative to
   * @param handlers as for {@link #load(Path, ClassLoader)}
   * @throws DefinitionException with every diagnostic
   */
  public static LoadedApp load(Reader text, String name, Path baseDir, ClassLoader handlers) {
    return orThrow(loadText(text, name, baseDir, handlers));
  }

  /**
   * Checks a definition from text without throwing; see {@link #load(Reader, String, Path,
   * ClassLoader)}.
   */
  public static List<Diagnostic> check(Reader text, String name, Path baseDir, ClassLoader handlers) {
    return loadText(text, name, baseDir, handlers).diagnostics();
  }

  /**
   * Loads a definition file and checks its placement against the clouds it is to be deployed to:
   * every cloud it names exists and every function's profile exists in its primary cloud
   * ({@link io.jointflow.cloud.Deployment#check}), reported at the {@code placement} or
   * {@code profile} that is wrong.
   *
   * @param handlers as for {@link #load(Path, ClassLoader)}
   * @throws DefinitionException with every diagnostic
   */
  public static LoadedApp load(Path file, ClassLoader handlers, Clouds clouds) {
    return orThrow(loadFile(file, handlers, Objects.requireNonNull(clouds, "clouds")));
  }

  /** Checks a definition file and its placement against {@code clouds} without throwing. */
  public static List<Diagnostic> check(Path file, ClassLoader handlers, Clouds clouds) {
    return loadFile(file, handlers, Objects.requireNonNull(clouds, "clouds")).diagnostics();
  }

  private static DefinitionLoader.Outcome loadFile(Path file, ClassLoader handlers) {
    return loadFile(file, handlers, null);
  }

  private static DefinitionLoader.Outcome loadFile(Path file, ClassLoader handlers, Clouds clouds) {
    Objects.requireNonNull(file, "file");
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return DefinitionLoader.unreadable(name, e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return DefinitionLoader.load(name, new StringReader(text), dir, handlers, clouds);
  }

  private static DefinitionLoader.Outcome loadText(Reader text, String name, Path baseDir,
      ClassLoader handlers) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseDir, "baseDir");
    return DefinitionLoader.load(name, text, baseDir, handlers, null);
  }

  private static LoadedApp orThrow(DefinitionLoader.Outcome outcome) {
    if (!outcome.diagnostics().isEmpty()) {
      throw new DefinitionException(outcome.diagnostics());
    }
    return outcome.app();
  }
}
