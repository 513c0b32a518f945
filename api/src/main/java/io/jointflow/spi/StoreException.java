package io.jointflow.spi;

import io.jointflow.function.JointflowException;

/** A state or blob store operation failed; {@link #retryable()} says whether repeating it may work. */
public class StoreException extends JointflowException {
  /** Creates the exception. */
  public StoreException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
