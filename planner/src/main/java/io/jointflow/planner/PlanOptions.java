package io.jointflow.planner;

import java.time.Duration;

/**
 * How to plan.
 *
 * @param objective what to minimise
 * @param deadline the largest predicted makespan allowed, or {@code null}; only with {@link Objective#COST}
 * @param budgetPerMillion the most a million runs may cost (the clouds' currency), or {@code null};
 *     only with {@link Objective#MAKESPAN}
 * @param exactLimit the exact search runs when (clouds)^(functions) is at most this; larger apps get
 *     a local search, and the plan says so
 * @param coldStarts predict as if every function started cold on its cloud (default: warm, as the
 *     Jointλ paper measures)
 */
public record PlanOptions(Objective objective, Duration deadline, Double budgetPerMillion, long exactLimit,
    boolean coldStarts) {

  /** Default {@link #exactLimit()}: 2^22 assignments (22 functions on two clouds, 13 on three). */
  public static final long DEFAULT_EXACT_LIMIT = 1L << 22;

  public PlanOptions {
    if (objective == null) {
      throw new PlanException("plan objective must be cost or makespan: null");
    }
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new PlanException("plan deadline must be a positive duration: " + deadline);
    }
    if (budgetPerMillion != null && !(budgetPerMillion > 0)) {
      throw new PlanException("plan budget must be a positive cost per million runs: " + budgetPerMillion);
    }
    if (deadline != null && budgetPerMillion != null) {
      throw new PlanException("plan takes a deadline or a budget, not both: give --deadline to minimise cost under it,"
          + " or --budget to minimise makespan under it");
    }
    if (deadline != null && objective != Objective.COST) {
      throw new PlanException("plan deadline bounds the makespan, so the objective must be cost: " + objective);
    }
    if (budgetPerMillion != null && objective != Objective.MAKESPAN) {
      throw new PlanException("plan budget bounds the cost, so the objective must be makespan: " + objective);
    }
    if (exactLimit < 1) {
      throw new PlanException("plan exact-limit must be >= 1: " + exactLimit);
    }
  }

  /** Minimise cost, unbounded, exact up to {@link #DEFAULT_EXACT_LIMIT}, warm. */
  public static PlanOptions defaults() {
    return new PlanOptions(Objective.COST, null, null, DEFAULT_EXACT_LIMIT, false);
  }

  /** Minimise cost with a predicted makespan of at most {@code deadline}. */
  public PlanOptions withDeadline(Duration deadline) {
    return new PlanOptions(Objective.COST, deadline, null, exactLimit, coldStarts);
  }

  /** Minimise makespan with a predicted cost of at most {@code perMillionRuns} per million runs. */
  public PlanOptions withBudget(double perMillionRuns) {
    return new PlanOptions(Objective.MAKESPAN, null, perMillionRuns, exactLimit, coldStarts);
  }

  /** This with another objective (and no bound). */
  public PlanOptions withObjective(Objective objective) {
    return new PlanOptions(objective, null, null, exactLimit, coldStarts);
  }

  /** This with another exact-search limit. */
  public PlanOptions withExactLimit(long limit) {
    return new PlanOptions(objective, deadline, budgetPerMillion, limit, coldStarts);
  }

  /** This predicting cold starts (or not). */
  public PlanOptions withColdStarts(boolean cold) {
    return new PlanOptions(objective, deadline, budgetPerMillion, exactLimit, cold);
  }
}
