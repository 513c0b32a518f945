package io.jointflow.app;

import io.jointflow.function.JointflowException;
import java.util.List;
import java.util.stream.Collectors;

/** An app definition that cannot be used; lists every problem found, not only the first. */
public class InvalidAppException extends JointflowException {
  private final List<Problem> problems;

  /** Creates the exception for an app and its problems. */
  public InvalidAppException(String app, List<Problem> problems) {
    super("app '" + app + "' is invalid (" + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + "):\n  "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in definition order. */
  public List<Problem> problems() {
    return problems;
  }
}
