package io.jointflow.planner;

/**
 * No placement meets the deadline or the budget. {@link #tightest()} is the tightest bound any
 * placement meets: the smallest predicted makespan in ms for a deadline, the smallest predicted cost
 * per million runs for a budget.
 */
public final class InfeasiblePlanException extends PlanException {
  private static final long serialVersionUID = 1L;
  private final double tightest;
  private final transient Prediction best;

  InfeasiblePlanException(String message, double tightest, Prediction best) {
    super(message);
    this.tightest = tightest;
    this.best = best;
  }

  /** The tightest bound a placement meets (ms for a deadline, cost per million runs for a budget). */
  public double tightest() {
    return tightest;
  }

  /** The placement that meets it. */
  public Prediction best() {
    return best;
  }
}
