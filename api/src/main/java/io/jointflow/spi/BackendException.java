package io.jointflow.spi;

import io.jointflow.function.JointflowException;

/**
 * A compute backend did not accept an invocation. A retryable failure makes the caller fail over to
 * the next cloud in the function's placement.
 */
public class BackendException extends JointflowException {
  /** Creates the exception. */
  public BackendException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
