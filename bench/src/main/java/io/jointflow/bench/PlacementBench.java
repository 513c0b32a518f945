package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Placement;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.examples.workloads.Workload;
import io.jointflow.examples.workloads.Workloads;
import io.jointflow.planner.Plan;
import io.jointflow.planner.PlanOptions;
import io.jointflow.planner.PlanReport;
import io.jointflow.planner.Placements;
import io.jointflow.planner.Planner;
import io.jointflow.planner.Prediction;
import io.jointflow.planner.Profiles;
import io.jointflow.planner.RunTrace;
import io.jointflow.planner.TrialOptions;
import io.jointflow.planner.Trials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark {@code placement} (only when named): for one size of each of Jointλ's four workloads,
 * the placement planner's choice against the paper's hand placement (the workload's own), both
 * predicted and measured in the same run, and the planner's prediction error. Profiles come from a
 * calibration run of each workload (every function on each cloud, emulated in this process, as
 * {@code jointflow plan} does without {@code --profiles}); the plan minimises cost with a makespan
 * no longer than the hand placement's predicted one, so it can only tie or beat it in the model.
 */
final class PlacementBench implements Benchmark {
  static final String NAME = "placement";
  /** The sizes the paper reports its headline numbers at. */
  private static final Map<String, Integer> PAPER_SIZES = Map.of("video", 4, "qa", 4, "iot", 10, "montecarlo", 128);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    boolean smoke = config.scale() < 0.2;
    int runs = config.count(10, 2);
    Path examples = config.examples().toAbsolutePath();
    Clouds clouds = CloudsDefinitions.load(examples.resolve(Workload.CLOUDS));
    TrialOptions calibration = TrialOptions.defaults().withRuns(1, smoke ? 1 : 3).withHandlers(getClass().getClassLoader());
    TrialOptions check = calibration.withRuns(1, runs);
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    int better = 0;
    int compared = 0;
    for (Workload w : config.selectedWorkloads()) {
      int size = smoke ? w.smokeSizes().getFirst() : PAPER_SIZES.getOrDefault(w.name(), w.sizes().getLast());
      App hand = w.app(size);
      Map<String, Object> inputs = w.inputs(size, examples);
      String what = w.name() + " " + w.sizeName() + "=" + size;
      Profiles profiles = Trials.calibrate(hand, clouds, inputs, calibration);
      PlanOptions options = PlanOptions.defaults();
      Prediction handPredicted = Planner.predict(hand, clouds, profiles, Placement.of(hand).functions(),
          options.coldStarts());
      // Cost under the hand placement's makespan (1 ms of slack for rounding in the search).
      Plan plan = Planner.plan(hand, clouds, profiles,
          options.withDeadline(Duration.ofNanos((long) ((handPredicted.makespanMillis() + 1) * 1e6))));
      App planned = Placements.apply(hand, plan);
      // Two alternating halves per placement, so that both see the same machine conditions.
      List<RunTrace> planRuns = new ArrayList<>();
      List<RunTrace> handRuns = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        planRuns.addAll(Trials.run(planned, clouds, inputs, check.withRuns(1, half(runs, i))));
        handRuns.addAll(Trials.run(hand, clouds, inputs, check.withRuns(1, half(runs, i))));
      }
      PlanReport.Check p = PlanReport.check(plan.prediction(), planRuns);
      PlanReport.Check h = PlanReport.check(handPredicted, handRuns);
      errors.add(p.makespanError());
      errors.add(h.makespanError());
      measures.add(Measure.value("planned", what + ": makespan measured p50, ms", Unit.MILLIS,
          p.runs(), p.measuredMakespanMillis(), "hand placement", h.measuredMakespanMillis()));
      measures.add(Measure.value("planned", what + ": cost per 10^6 runs measured, USD", Unit.COUNT, p.runs(),
          p.measuredCost() * 1e6, "hand placement", h.measuredCost() * 1e6));
      measures.add(Measure.value("planned", what + ": makespan predicted, ms", Unit.MILLIS, 1, p.predictedMakespanMillis(),
          "hand placement", h.predictedMakespanMillis()));
      measures.add(Measure.value("planned", what + ": makespan prediction error, %", Unit.COUNT, p.runs(),
          100 * p.makespanError(), null, Double.NaN));
      measures.add(Measure.value("hand placement", what + ": makespan prediction error, %", Unit.COUNT, h.runs(),
          100 * h.makespanError(), null, Double.NaN));
      // Within 5% in both makespan and cost counts as a tie; "better" must win one by more than 5%.
      boolean noWorse = p.measuredMakespanMillis() <= 1.05 * h.measuredMakespanMillis()
          && p.measuredCost() <= 1.05 * h.measuredCost();
      boolean same = plan.prediction().placement().equals(handPredicted.placement())
          && plan.prediction().triggerState().equals(handPredicted.triggerState());
      // The same placement is a tie whatever the noise says.
      boolean wins = !same && noWorse && (p.measuredMakespanMillis() < 0.95 * h.measuredMakespanMillis()
          || p.measuredCost() < 0.95 * h.measuredCost());
      compared++;
      better += wins ? 1 : 0;
      targets.add(Target.atMost("planned", what + ": measured makespan / hand placement's (no worse, 5% noise)",
          Unit.RATIO, p.measuredMakespanMillis() / h.measuredMakespanMillis(), 1.05));
      targets.add(Target.atMost("planned", what + ": measured cost / hand placement's (no worse, 5% noise)",
          Unit.RATIO, p.measuredCost() / h.measuredCost(), 1.05));
      notes.add(what + ": plan " + placementText(plan.prediction()) + "; hand " + placementText(handPredicted)
          + (same ? " (the same placement: a tie)" : wins ? " (the plan wins)" : ""));
      System.err.printf(Locale.ROOT, "placement: %s: plan %.1f ms %.3f USD/1M, hand %.1f ms %.3f USD/1M%n", what,
          p.measuredMakespanMillis(), p.measuredCost() * 1e6, h.measuredMakespanMillis(), h.measuredCost() * 1e6);
    }
    double medianError = PlanReport.median(errors);
    measures.add(Measure.value("planned", "makespan prediction error, %, median over every workload's plan and hand"
        + " placement", Unit.COUNT, errors.size(), 100 * medianError, null, Double.NaN));
    targets.add(Target.atMost("planned", "makespan prediction error p50 over the workloads, %", Unit.COUNT,
        100 * medianError, 15));
    targets.add(Target.atLeast("planned", "workloads where the plan beats the hand placement by > 5% in makespan or"
        + " cost, and is no worse in the other", Unit.COUNT, better, 2));
    notes.add("Clouds: " + Workload.CLOUDS + " (emulated in this process, in-memory stores: the planner's trial runner;"
        + " the workloads benchmark runs them on redis). Calibration: every function on each cloud, "
        + calibration.warmups() + " warm-up and " + calibration.runs() + " kept runs per cloud. Each placement ran "
        + runs + " measured runs in two alternating halves (plus a warm-up each);"
        + " the measured makespan is the median of all measured runs. Of " + compared + " workloads, the plan won on " + better + ".");
    return new BenchResult(name(), "The placement planner against the paper's hand placement on Jointλ's workloads",
        measures, targets, notes, (System.nanoTime() - t0) / 1e9);
  }

  private static int half(int runs, int i) {
    return Math.max(1, i == 0 ? runs / 2 : runs - runs / 2);
  }

  /** Functions by primary cloud, then where each stateful trigger keeps its state. */
  private static String placementText(Prediction p) {
    Map<String, List<String>> byCloud = new java.util.TreeMap<>();
    p.placement().forEach((f, c) -> byCloud.computeIfAbsent(c, k -> new ArrayList<>()).add(f));
    StringBuilder b = new StringBuilder();
    byCloud.forEach((c, fs) -> b.append(b.isEmpty() ? "" : "; ").append(c).append(": ").append(fs.size() > 6
        ? fs.size() + " functions" : String.join(", ", fs)));
    p.triggerState().forEach((t, c) -> b.append("; state of ").append(t).append(": ").append(c));
    return b.toString();
  }
}
