package io.jointflow.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Runtime settings of an embedded {@link Jointflow}. Start from {@link #defaults()} or {@link
 * #builder()}.
 *
 * @param hostId this host's id in pending records and leases; default: random
 * @param inlineThreshold objects up to this size travel and are checkpointed inline, larger ones
 *     go to the blob store (DESIGN: 64 KB)
 * @param maxObjectBytes largest object a function may emit or a run may take as input
 * @param retention how long a succeeded run's objects and records are kept before collection
 * @param sweepInterval how often the recovery sweeper looks for lost invocations
 * @param hostLease how long a host counts as alive after its last heartbeat; invocations owned by
 *     a host whose lease expired are taken over at once
 * @param retryBackoff delay before the first retry of a failed instance; doubles per attempt
 * @param maxRetryBackoff upper bound of the retry delay
 * @param ephemeralGrace how long an ephemeral run of an app with global triggers keeps its
 *     in-memory objects after it ends (a later global firing may deliver them)
 * @param history how long a collected run's record (its status, inputs and result, shown by
 *     {@code runs list}) is kept after collection; then it is deleted too, so that state stays
 *     bounded in apps that run for months. Failed and cancelled runs are kept until resumed.
 */
public record JointflowOptions(String hostId, int inlineThreshold, long maxObjectBytes,
    Duration retention, Duration sweepInterval, Duration hostLease, Duration retryBackoff,
    Duration maxRetryBackoff, Duration ephemeralGrace, Duration history) {

  public JointflowOptions {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    Objects.requireNonNull(hostLease, "hostLease");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
    Objects.requireNonNull(ephemeralGrace, "ephemeralGrace");
    Objects.requireNonNull(history, "history");
    if (history.isNegative()) {
      throw new IllegalArgumentException("history must not be negative: " + history);
    }
    if (inlineThreshold < 0 || inlineThreshold > 256 * 1024) {
      throw new IllegalArgumentException("inline-threshold must be 0..262144 bytes (the Lambda async payload limit): " + inlineThreshold);
    }
    if (maxObjectBytes < 1) {
      throw new IllegalArgumentException("max-object-bytes must be >= 1: " + maxObjectBytes);
    }
    if (sweepInterval.toMillis() < 1 || hostLease.toMillis() < 1) {
      throw new IllegalArgumentException("sweep-interval and host-lease must be at least 1ms: "
          + sweepInterval + ", " + hostLease);
    }
  }

  /**
   * 64 KB inline, 256 MiB objects, 24 h retention, 1 s sweeps, 10 s leases, 100 ms..5 s backoff, run
   * records kept 7 days after collection.
   */
  public static JointflowOptions defaults() {
    return new JointflowOptions(null, 64 * 1024, 256L * 1024 * 1024, Duration.ofHours(24),
        Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(5),
        Duration.ofSeconds(60), Duration.ofDays(7));
  }

  /** A copy with another host id. */
  public JointflowOptions withHostId(String id) {
    return new JointflowOptions(id, inlineThreshold, maxObjectBytes, retention, sweepInterval,
        hostLease, retryBackoff, maxRetryBackoff, ephemeralGrace, history);
  }

  /** A copy with another retention. */
  public JointflowOptions withRetention(Duration d) {
    return new JointflowOptions(hostId, inlineThreshold, maxObjectBytes, d, sweepInterval,
        hostLease, retryBackoff, maxRetryBackoff, ephemeralGrace, history);
  }

  /** A copy with other sweep interval and host lease. */
  public JointflowOptions withRecovery(Duration sweep, Duration lease) {
    return new JointflowOptions(hostId, inlineThreshold, maxObjectBytes, retention, sweep, lease,
        retryBackoff, maxRetryBackoff, ephemeralGrace, history);
  }

  /** A copy with other retry delays. */
  public JointflowOptions withRetryBackoff(Duration first, Duration max) {
    return new JointflowOptions(hostId, inlineThreshold, maxObjectBytes, retention, sweepInterval,
        hostLease, first, max, ephemeralGrace, history);
  }

  /** A copy with other object size limits. */
  public JointflowOptions withLimits(int inline, long maxObject) {
    return new JointflowOptions(hostId, inline, maxObject, retention, sweepInterval, hostLease,
        retryBackoff, maxRetryBackoff, ephemeralGrace, history);
  }

  /** A copy with another run-record history. */
  public JointflowOptions withHistory(Duration d) {
    return new JointflowOptions(hostId, inlineThreshold, maxObjectBytes, retention, sweepInterval,
        hostLease, retryBackoff, maxRetryBackoff, ephemeralGrace, d);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** Builds options; {@link #build()} validates them and names the bad value. */
  public static final class Builder {
    private String hostId;
    private int inlineThreshold;
    private long maxObjectBytes;
    private Duration retention;
    private Duration sweepInterval;
    private Duration hostLease;
    private Duration retryBackoff;
    private Duration maxRetryBackoff;
    private Duration ephemeralGrace;
    private Duration history;

    private Builder(JointflowOptions d) {
      hostId = d.hostId();
      inlineThreshold = d.inlineThreshold();
      maxObjectBytes = d.maxObjectBytes();
      retention = d.retention();
      sweepInterval = d.sweepInterval();
      hostLease = d.hostLease();
      retryBackoff = d.retryBackoff();
      maxRetryBackoff = d.maxRetryBackoff();
      ephemeralGrace = d.ephemeralGrace();
      history = d.history();
    }

    /** This host's id in pending records and leases. */
    public Builder hostId(String id) {
      this.hostId = id;
      return this;
    }

    /** Objects up to this size travel inline; larger ones go to the blob store. */
    public Builder inlineThreshold(int bytes) {
      this.inlineThreshold = bytes;
      return this;
    }

    /** Largest object a function may emit or a run may take as input. */
    public Builder maxObjectBytes(long bytes) {
      this.maxObjectBytes = bytes;
      return this;
    }

    /** How long a succeeded run's objects and records are kept. */
    public Builder retention(Duration d) {
      this.retention = d;
      return this;
    }

    /** How often the recovery sweeper runs. */
    public Builder sweepInterval(Duration d) {
      this.sweepInterval = d;
      return this;
    }

    /** How long a host counts as alive after its last heartbeat. */
    public Builder hostLease(Duration d) {
      this.hostLease = d;
      return this;
    }

    /** First retry delay and its upper bound. */
    public Builder retryBackoff(Duration first, Duration max) {
      this.retryBackoff = first;
      this.maxRetryBackoff = max;
      return this;
    }

    /** How long ephemeral runs of apps with global triggers keep their objects after they end. */
    public Builder ephemeralGrace(Duration d) {
      this.ephemeralGrace = d;
      return this;
    }

    /** How long a collected run's record is kept before it is deleted too. */
    public Builder history(Duration d) {
      this.history = d;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming a value out of range
     */
    public JointflowOptions build() {
      return new JointflowOptions(hostId, inlineThreshold, maxObjectBytes, retention, sweepInterval,
          hostLease, retryBackoff, maxRetryBackoff, ephemeralGrace, history);
    }
  }
}
