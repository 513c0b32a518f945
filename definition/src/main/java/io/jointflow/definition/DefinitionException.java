package io.jointflow.definition;

import io.jointflow.function.JointflowException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An app or clouds definition that cannot be loaded. Carries every {@link Diagnostic} of the file, not only
 * the first; the message lists them one per line. Never retryable: the file must be fixed.
 */
public class DefinitionException extends JointflowException {
  private final List<Diagnostic> diagnostics;

  /** Creates the exception of an app definition for at least one diagnostic. */
  public DefinitionException(List<Diagnostic> diagnostics) {
    this("app definition", diagnostics);
  }

  /**
   * Creates the exception for at least one diagnostic.
   *
   * @param kind what the file is, e.g. {@code clouds definition}
   */
  public DefinitionException(String kind, List<Diagnostic> diagnostics) {
    super(message(kind, diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** Every diagnostic, in file order. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String message(String kind, List<Diagnostic> diagnostics) {
    if (diagnostics.isEmpty()) {
      throw new IllegalArgumentException("a definition exception needs at least one diagnostic");
    }
    int n = diagnostics.size();
    return kind + " " + diagnostics.get(0).file() + " has " + n + " error" + (n == 1 ? "" : "s")
        + ":\n" + diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
  }
}
