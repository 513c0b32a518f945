package io.jointflow.planner;

import java.util.List;
import java.util.Map;

/**
 * What the planner's model predicts for one run under one placement.
 *
 * @param placement each function's primary cloud
 * @param triggerState the cloud of each stateful trigger's state, by bucket/trigger
 * @param makespanMillis from the run's start to its end
 * @param computeCost execution and requests, per run
 * @param storeCost state-store reads and writes, per run
 * @param egressCost bytes that leave a cloud, per run
 * @param currency the clouds' currency
 * @param criticalPath the functions on the longest path, entry first
 * @param estimated functions whose profile on their cloud was estimated from another cloud, not measured
 */
public record Prediction(Map<String, String> placement, Map<String, String> triggerState, double makespanMillis,
    double computeCost, double storeCost, double egressCost, String currency, List<String> criticalPath, List<String> estimated) {
  public Prediction {
    placement = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(placement));
    triggerState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(triggerState));
    criticalPath = List.copyOf(criticalPath);
    estimated = List.copyOf(estimated);
  }

  /** Everything a run costs. */
  public double cost() {
    return computeCost + storeCost + egressCost;
  }

  /** What a million runs cost, the unit of the Jointλ paper's tables. */
  public double costPerMillion() {
    return cost() * 1e6;
  }
}
