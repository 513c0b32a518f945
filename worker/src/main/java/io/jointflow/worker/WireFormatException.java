package io.jointflow.worker;

import io.jointflow.function.JointflowException;

/**
 * An envelope could not be put on the wire or read from it: too large, or not a well-formed
 * envelope. Not retryable. Messages never quote the payload.
 */
final class WireFormatException extends JointflowException {
  private final boolean tooLarge;

  WireFormatException(String message, boolean tooLarge) {
    super(message);
    this.tooLarge = tooLarge;
  }

  /** True if the envelope is above the size limit, false if it is malformed. */
  boolean tooLarge() {
    return tooLarge;
  }
}
