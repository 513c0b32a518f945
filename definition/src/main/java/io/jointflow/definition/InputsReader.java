package io.jointflow.definition;

import io.jointflow.app.Names;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a definition's default {@code inputs}: object key to a string, where a value that starts
 * with {@code @} names a file relative to the definition's directory. The file is checked and its
 * path made absolute; it is not read (the runner reads it when it starts a run).
 */
final class InputsReader {
  /** Marks a value that names a file, as on the command line ({@code --input text=@book.txt}). */
  static final String FILE_PREFIX = "@";

  private InputsReader() {}

  /**
   * The inputs in file order, {@code @} paths absolute; problems are reported and the bad entries
   * left out.
   */
  static Map<String, String> read(Fields f, Path baseDir, Diagnostics diagnostics) {
    Node.Mapping m = f.mapping("inputs");
    Map<String, String> inputs = new LinkedHashMap<>();
    if (m == null) {
      return inputs;
    }
    for (Node.Field entry : m.fields().values()) {
      String key = entry.key();
      try {
        Names.checkKey(key);
      } catch (IllegalArgumentException e) {
        diagnostics.error(entry.keyAt(), "input " + e.getMessage());
        continue;
      }
      if (Node.isNull(entry.value())) {
        continue; // a key without a value counts as omitted, as everywhere in the format
      }
      if (!(entry.value() instanceof Node.Scalar s)) {
        diagnostics.error(entry.keyAt(), "input '" + key + "' must be a string, number or boolean,"
            + " not " + entry.value().describe());
        continue;
      }
      String value = s.text();
      if (value.startsWith(FILE_PREFIX)) {
        String written = value.substring(FILE_PREFIX.length());
        String problem = fileProblem(written, baseDir);
        if (problem != null) {
          diagnostics.error(s.at(), "input '" + key + "' file '" + written + "' " + problem);
          continue;
        }
        value = FILE_PREFIX + baseDir.resolve(written).toAbsolutePath().normalize();
      }
      inputs.put(key, value);
    }
    return inputs;
  }

  /** Why the file cannot be an input, or {@code null} when it can. */
  private static String fileProblem(String written, Path baseDir) {
    if (written.isBlank()) {
      return "is empty: write a path after '@', relative to the definition's directory";
    }
    Path file;
    try {
      file = baseDir.resolve(written).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return "is not a valid path: " + e.getReason();
    }
    if (!Files.exists(file)) {
      return "does not exist: " + file;
    }
    if (!Files.isRegularFile(file)) {
      return "is not a file: " + file;
    }
    if (!Files.isReadable(file)) {
      return "cannot be read: " + file;
    }
    return null;
  }
}
