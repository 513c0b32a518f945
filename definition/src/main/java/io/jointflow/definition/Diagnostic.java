package io.jointflow.definition;

import java.util.Objects;

/**
 * One error in an app definition, at a position in its file.
 *
 * <p>Formats as {@code file:line:column: message}, the form compilers use so editors can jump to it.
 * A problem with the file as a whole (it cannot be read) has line and column 0 and formats as
 * {@code file: message}.
 *
 * @param file the file as the caller named it (a path or a display name)
 * @param line 1-based, or 0 for the whole file
 * @param column 1-based, or 0 for the whole file
 * @param message what is wrong, naming the valid choices where there is a closed set
 */
public record Diagnostic(String file, int line, int column, String message) {
  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("diagnostic position must be >= 0: " + line + ":" + column);
    }
  }

  @Override
  public String toString() {
    return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
  }
}
