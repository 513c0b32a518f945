package io.jointflow.cloud;

import io.jointflow.app.Problem;
import io.jointflow.function.JointflowException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A clouds definition, or a part of one, that cannot be used; lists every problem found, not only
 * the first. Each problem's path says where, in the keys of the clouds file: relative to the part
 * that threw ({@code url}, {@code options.secret-key}), absolute when thrown by {@link Clouds}
 * ({@code clouds.aws.compute.url}, {@code network.links.0}). Never retryable: the definition must
 * be fixed.
 */
public class InvalidCloudsException extends JointflowException {
  private final List<Problem> problems;

  /** Creates the exception for at least one problem. */
  public InvalidCloudsException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order found. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid clouds exception needs at least one problem");
    }
    int n = problems.size();
    return n == 1 ? problems.get(0).message() : "clouds definition has " + n + " problems:\n  "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  "));
  }
}
