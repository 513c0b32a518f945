package io.jointflow.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares predictions with measured runs, and renders a plan's report as text. */
public final class PlanReport {
  private PlanReport() {}

  /**
   * A prediction against the runs it predicted.
   *
   * @param predictedMakespanMillis the model's makespan
   * @param measuredMakespanMillis the runs' median makespan
   * @param predictedCost the model's cost per run
   * @param measuredCost the runs' mean cost per run, from their spans
   * @param runs how many runs
   */
  public record Check(double predictedMakespanMillis, double measuredMakespanMillis, double predictedCost,
      double measuredCost, int runs) {

    /** |predicted - measured| / measured makespan. */
    public double makespanError() {
      return Math.abs(predictedMakespanMillis - measuredMakespanMillis) / measuredMakespanMillis;
    }

    /** |predicted - measured| / measured cost. */
    public double costError() {
      return measuredCost == 0 ? (predictedCost == 0 ? 0 : 1) : Math.abs(predictedCost - measuredCost) / measuredCost;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "makespan predicted %.1f ms, measured %.1f ms (p50 of %d), error %.1f%%;"
          + " cost predicted %s, measured %s per million runs, error %.1f%%", predictedMakespanMillis,
          measuredMakespanMillis, runs, 100 * makespanError(), Planner.fmt(predictedCost * 1e6),
          Planner.fmt(measuredCost * 1e6), 100 * costError());
    }
  }

  /** Checks a prediction against runs of its placement. */
  public static Check check(Prediction p, List<RunTrace> runs) {
    if (runs.isEmpty()) {
      throw new PlanException("a prediction needs at least one measured run to be checked against");
    }
    List<Double> ms = new ArrayList<>();
    runs.forEach(r -> ms.add(r.makespanMillis()));
    double cost = runs.stream().mapToDouble(RunTrace::cost).average().orElse(0);
    return new Check(p.makespanMillis(), Profiles.median(ms), p.cost(), cost, runs.size());
  }

  /** The median of a list of values (for prediction errors across workloads). */
  public static double median(List<Double> xs) {
    return Profiles.median(xs);
  }

  /**
   * The plan as text: the placement (and trigger states it keeps away from the rule's cloud), the prediction with its cost breakdown, how it was found, the
   * single-cloud and hand placements' predictions, and the checks against runs where given.
   *
   * @param hand the hand placement's prediction, or null
   * @param checks measured checks by label ("plan", "hand"), may be empty
   */
  public static String render(Plan plan, Prediction hand, Map<String, Check> checks) {
    StringBuilder b = new StringBuilder();
    Prediction p = plan.prediction();
    b.append("plan for app '").append(plan.app()).append("' (objective ").append(plan.options().objective().name()
        .toLowerCase(Locale.ROOT));
    if (plan.options().deadline() != null) {
      b.append(", deadline ").append(plan.options().deadline().toMillis()).append(" ms");
    }
    if (plan.options().budgetPerMillion() != null) {
      b.append(", budget ").append(Planner.fmt(plan.options().budgetPerMillion())).append(' ').append(p.currency())
          .append(" per million runs");
    }
    b.append(")\n");
    plan.placement().forEach((f, clouds) -> b.append(String.format(Locale.ROOT, "  %-16s %s%n", f, clouds)));
    plan.triggerState().forEach((t, cloud) -> b.append(String.format(Locale.ROOT, "  %-16s state on %s (the rule"
        + " would put it with most of its producers)%n", t, cloud)));
    b.append(String.format(Locale.ROOT, "%-26s %12s %14s %12s %12s %12s%n", "predicted", "makespan", "cost/1M runs",
        "compute", "store", "egress"));
    b.append(line("plan", p));
    if (hand != null) {
      b.append(line("hand placement", hand));
    }
    plan.singleCloud().forEach((c, x) -> b.append(line("all on " + c, x)));
    b.append("critical path: ").append(String.join(" -> ", p.criticalPath())).append('\n');
    if (!p.estimated().isEmpty()) {
      b.append("estimated (not measured on their cloud; scaled by profile speedup): ")
          .append(String.join(", ", p.estimated())).append('\n');
    }
    b.append("search: ").append(plan.note()).append('\n');
    checks.forEach((label, c) -> b.append("measured ").append(label).append(": ").append(c).append('\n'));
    return b.toString();
  }

  private static String line(String label, Prediction x) {
    return String.format(Locale.ROOT, "%-26s %9.1f ms %14s %12s %12s %12s%n", label, x.makespanMillis(),
        Planner.fmt(x.costPerMillion()), Planner.fmt(x.computeCost() * 1e6), Planner.fmt(x.storeCost() * 1e6),
        Planner.fmt(x.egressCost() * 1e6));
  }
}
