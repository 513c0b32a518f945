package io.jointflow.planner;

/**
 * What one function does on one cloud, averaged over measured runs.
 *
 * @param instances instances per run (a fan-out's width)
 * @param handlerMillis handler time of one instance (what is billed, before rounding)
 * @param spanMillis from the first instance's start to the last one's end in a run: the function's
 *     share of a run's critical path
 * @param bytesIn bytes its instances read per run, in total
 * @param bytesOut bytes its instances emitted per run, in total
 * @param storeReads state-store reads per instance (checkpoints, trigger state)
 * @param storeWrites state-store writes per instance
 * @param runs how many runs it was measured in; 0 for an estimate from another cloud
 */
public record FunctionProfile(double instances, double handlerMillis, double spanMillis, double bytesIn,
    double bytesOut, double storeReads, double storeWrites, int runs) {

  /** This profile with its times scaled by {@code factor} (an estimate for another cloud: runs 0). */
  FunctionProfile scaled(double factor) {
    return new FunctionProfile(instances, handlerMillis * factor, spanMillis * factor, bytesIn, bytesOut, storeReads,
        storeWrites, 0);
  }

  /** True if measured, not estimated from another cloud. */
  public boolean measured() {
    return runs > 0;
  }
}
