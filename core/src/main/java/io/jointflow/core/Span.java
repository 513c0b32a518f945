package io.jointflow.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What one instance of a run did (DESIGN section 6), read from its output checkpoint: where it ran,
 * when it was invoked, started and ended, whether it started cold, its billed duration and size,
 * the bytes it read and wrote, and its execution and request cost at its cloud's prices.
 *
 * @param cloud the cloud it ran on (its function's primary, or a failover)
 * @param computeCost execution and request, in the cloud's currency; 0 for a host without prices
 * @param storeReads state-store reads of its step (the checkpoint read)
 * @param storeWrites state-store writes of its step (each operation of a batch counted)
 * @param egressBytes bytes its step sent to other clouds, as known when its checkpoint was written
 * @param storeCost its store operations at its cloud's prices
 * @param egressCost its egress at its cloud's prices
 */
public record Span(String instance, String function, String cloud, Instant queued, Instant started, Instant ended,
    boolean coldStart, Duration handler, Duration billed, long memory, long bytesIn, long bytesOut, double computeCost,
    long storeReads, long storeWrites, long egressBytes, double storeCost, double egressCost) {

  static Span of(String instance, Records.OutputRecord r) {
    return new Span(instance, r.function(), r.cloud(), Instant.ofEpochMilli(r.queuedAt()), Instant.ofEpochMilli(r.startedAt()),
        Instant.ofEpochMilli(r.endedAt()), r.coldStart(), Duration.ofNanos(r.nanos()), Duration.ofNanos(r.billedNanos()),
        r.memory(), r.bytesIn(), r.bytesOut(), r.cost(), r.storeReads(), r.storeWrites(), r.egressBytes(), r.storeCost(),
        r.egressCost());
  }

  /** Everything it cost: execution and requests, store operations and egress. */
  public double cost() {
    return computeCost + storeCost + egressCost;
  }
}
