package io.jointflow.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What one instance of a run did (DESIGN section 6), read from its output checkpoint: where it ran,
 * when it was invoked, started and ended, whether it started cold, its billed duration and size,
 * the bytes it read and wrote, and its execution and request cost at its cloud's prices.
 *
 * @param cloud the cloud it ran on (its function's primary, or a failover)
 * @param cost in the cloud's currency; 0 for a host configured without prices
 */
public record Span(String instance, String function, String cloud, Instant queued, Instant started, Instant ended,
    boolean coldStart, Duration handler, Duration billed, long memory, long bytesIn, long bytesOut, double cost) {

  static Span of(String instance, Records.OutputRecord r) {
    return new Span(instance, r.function(), r.cloud(), Instant.ofEpochMilli(r.queuedAt()), Instant.ofEpochMilli(r.startedAt()),
        Instant.ofEpochMilli(r.endedAt()), r.coldStart(), Duration.ofNanos(r.nanos()), Duration.ofNanos(r.billedNanos()),
        r.memory(), r.bytesIn(), r.bytesOut(), r.cost());
  }
}
