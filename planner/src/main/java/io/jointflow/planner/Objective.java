package io.jointflow.planner;

/** What the planner minimises. */
public enum Objective {
  /** Cost per run; under {@link PlanOptions#deadline()} if one is set. */
  COST,
  /** Makespan; under {@link PlanOptions#budgetPerMillion()} if one is set. */
  MAKESPAN
}
