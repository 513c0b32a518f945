package io.jointflow.function;

/**
 * The one unchecked base exception of Jointflow.
 *
 * <p>Public methods throw no checked exceptions: failures are wrapped in a subclass of this type,
 * keeping the cause. {@link #retryable()} tells callers whether repeating the operation may succeed.
 */
public class JointflowException extends RuntimeException {
  private final boolean retryable;

  /** Creates a non-retryable exception with a message. */
  public JointflowException(String message) {
    this(message, null, false);
  }

  /** Creates a non-retryable exception with a message and a cause. */
  public JointflowException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** Creates an exception that states whether repeating the failed operation may succeed. */
  public JointflowException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when the same operation may succeed if repeated (a timeout, a busy store, a lost connection). */
  public boolean retryable() {
    return retryable;
  }
}
