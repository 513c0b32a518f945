package io.jointflow.examples.montecarlo;

/** The values the Monte Carlo workload passes between its functions and returns. */
public final class Pi {
  private Pi() {}

  /** One branch's share: {@code samples} random points from the generator seeded with {@code seed}. */
  public record Task(int branch, long seed, long samples) {}

  /** One branch's count of points inside the unit quarter circle. */
  public record Hits(int branch, long inside, long samples) {}

  /** The estimate of π from every branch. */
  public record Estimate(double pi, long inside, long samples, int branches) {}
}
