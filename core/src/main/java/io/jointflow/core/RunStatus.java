package io.jointflow.core;

/** Where a run stands. */
public enum RunStatus {
  /** Started and not finished. */
  RUNNING,
  /** The result function completed; the run's result is recorded. */
  SUCCEEDED,
  /** An instance failed for good; inputs and records are kept for inspection and resume. */
  FAILED,
  /** Cancelled by a user; records are kept and the run can be resumed. */
  CANCELLED;

  /** True for every status but {@link #RUNNING}. */
  public boolean terminal() {
    return this != RUNNING;
  }
}
