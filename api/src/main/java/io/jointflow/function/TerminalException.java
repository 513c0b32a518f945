package io.jointflow.function;

/**
 * Thrown by user code to fail an instance without retrying it.
 *
 * <p>Any other exception thrown by a {@link Handler} is retried under the function's retry policy; a
 * {@code TerminalException} is recorded at once as the instance's failure, which fails the run. The
 * run keeps its inputs and records, so it can be inspected and resumed.
 */
public class TerminalException extends JointflowException {
  /** Creates a terminal failure with a message that will be shown as the run's failure reason. */
  public TerminalException(String message) {
    super(message, null, false);
  }

  /** Creates a terminal failure with a message and a cause. */
  public TerminalException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
