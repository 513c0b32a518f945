package io.jointflow.planner;

import io.jointflow.function.JointflowException;

/** The planner cannot plan: an app it does not handle, missing profiles, bad options. */
public class PlanException extends JointflowException {
  private static final long serialVersionUID = 1L;

  /** With a message that names the thing, the problem and the fix. */
  public PlanException(String message) {
    super(message);
  }

  /** With a cause. */
  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
