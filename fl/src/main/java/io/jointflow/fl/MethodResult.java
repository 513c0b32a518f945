package io.jointflow.fl;

import java.util.List;

/**
 * What one method did in a run.
 *
 * @param method its name
 * @param curve evaluations over time, the first at time 0
 * @param jobs training jobs finished (applied, duplicate or rejected) and lost
 * @param applied updates merged (each job at most once)
 * @param rejected updates refused by attestation
 * @param lost jobs that crashed on every attempt
 * @param transfers model transfers between clouds
 * @param spanEgressBytes bytes the Jointflow spans of the run's steps record as sent to other clouds
 * @param spanCost what those spans cost at the clouds' prices (FaaS execution, requests, store, egress)
 * @param typeUse jobs per container type name
 */
public record MethodResult(String method, List<Point> curve, long jobs, long applied, long rejected, long lost,
    long transfers, long spanEgressBytes, double spanCost, java.util.Map<String, Long> typeUse) {

  /** The last evaluation. */
  public Point last() {
    return curve.get(curve.size() - 1);
  }

  /** The best accuracy reached. */
  public double bestAccuracy() {
    return curve.stream().mapToDouble(Point::accuracy).max().orElse(0);
  }

  /** The first evaluation at or above {@code target}, or null. */
  public Point firstReaching(double target) {
    return curve.stream().filter(p -> p.accuracy() >= target).findFirst().orElse(null);
  }
}
