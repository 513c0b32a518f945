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
import java.util.regex.Pattern;

/**
 * Loads clouds files ({@code clouds.yaml}, or JSON) into {@link Clouds}; the format is documented
 * in {@code docs/clouds-format.md}.
 *
 * <p>Every problem of a file is found in one pass and reported as a {@link Diagnostic} with its
 * file, line and column, as for app definitions: malformed text, wrong types, unknown keys (naming
 * the valid ones), bad sizes, durations and prices, credentials written into the file, a network
 * or fault naming an unknown cloud, a pair of clouds without a link. Loading is pure: it reads the
 * file and writes nothing, so a malformed file starts nothing. Relative paths in {@code sqlite:}
 * and {@code filesystem:} stores are resolved against the file's directory.
 *
 * <p>All methods are thread safe; they share no state.
 */
public final class CloudsDefinitions {
  private static final DefinitionLoader.Kind KIND = new DefinitionLoader.Kind(
      "the file is empty: a clouds definition needs at least 'clouds'",
      "unexpected content after the clouds definition: a file holds exactly one clouds definition");
  /** A top-level {@code clouds} key in YAML or JSON, for files that cannot be parsed. */
  private static final Pattern CLOUDS_KEY = Pattern.compile("(?m)^(clouds\\s*:|\\s*\\{?\\s*\"clouds\"\\s*:)");

  private CloudsDefinitions() {}

  /**
   * Loads a clouds file.
   *
   * @throws DefinitionException with every diagnostic, if the file cannot be read or is invalid
   */
  public static Clouds load(Path file) {
    return orThrow(loadFile(file));
  }

  /**
   * Checks a clouds file without throwing.
   *
   * @return every diagnostic in file order; empty when {@link #load(Path)} would succeed
   */
  public static List<Diagnostic> check(Path file) {
    return loadFile(file).diagnostics();
  }

  /**
   * Loads a clouds definition from text. The reader is not closed.
   *
   * @param name the name diagnostics carry; {@code .json} at its end selects JSON, else YAML
   * @param baseDir the directory relative store paths are resolved against
   * @throws DefinitionException with every diagnostic
   */
  public static Clouds load(Reader text, String name, Path baseDir) {
    return orThrow(loadText(text, name, baseDir));
  }

  /** Checks a clouds definition from text without throwing; see {@link #load(Reader, String, Path)}. */
  public static List<Diagnostic> check(Reader text, String name, Path baseDir) {
    return loadText(text, name, baseDir).diagnostics();
  }

  /**
   * True if the file is a clouds definition rather than an app: it has a top-level {@code clouds}
   * key. A file that cannot be parsed is judged by its text; one that cannot be read is not.
   */
  public static boolean isCloudsFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return false;
    }
    Node root = DefinitionLoader.parse(file.toString(), new StringReader(text),
        new Diagnostics(file.toString()), KIND);
    return root instanceof Node.Mapping m ? m.fields().containsKey("clouds") : CLOUDS_KEY.matcher(text).find();
  }

  record Outcome(Clouds clouds, List<Diagnostic> diagnostics) {}

  private static Outcome loadFile(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Diagnostics d = new Diagnostics(name);
      d.fileError("cannot read the file: " + DefinitionLoader.reason(e));
      return new Outcome(null, d.sorted());
    }
    return read(name, new StringReader(text), file.toAbsolutePath().getParent());
  }

  private static Outcome loadText(Reader text, String name, Path baseDir) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseDir, "baseDir");
    return read(name, text, baseDir);
  }

  private static Outcome read(String name, Reader text, Path baseDir) {
    Diagnostics diagnostics = new Diagnostics(name);
    Node root = DefinitionLoader.parse(name, text, diagnostics, KIND);
    Clouds clouds = root == null ? null : new CloudsReader(diagnostics, baseDir.toAbsolutePath()).read(root);
    return clouds == null || !diagnostics.isEmpty() ? new Outcome(null, diagnostics.sorted())
        : new Outcome(clouds, List.of());
  }

  private static Clouds orThrow(Outcome outcome) {
    if (!outcome.diagnostics().isEmpty()) {
      throw new DefinitionException("clouds definition", outcome.diagnostics());
    }
    return outcome.clouds();
  }
}
