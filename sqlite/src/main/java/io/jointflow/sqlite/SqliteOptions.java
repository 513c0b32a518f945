package io.jointflow.sqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link SqliteStateStore}.
 *
 * @param readConnections connections in the read pool (reads run concurrently up to this many)
 * @param maxBatch the most writes committed together in one transaction
 * @param busyTimeout how long a connection waits for a lock that another process holds
 */
public record SqliteOptions(int readConnections, int maxBatch, Duration busyTimeout) {

  /** Validates the options; messages name the option and the bad value. */
  public SqliteOptions {
    if (readConnections < 1) {
      throw new IllegalArgumentException("sqlite option 'read-connections' must be at least 1: " + readConnections);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("sqlite option 'max-batch' must be at least 1: " + maxBatch);
    }
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sqlite option 'busy-timeout' must be between 0 and 24 days: " + busyTimeout);
    }
  }

  /** Four read connections, batches of up to 512 writes, a 30 second busy timeout. */
  public static SqliteOptions defaults() {
    return new SqliteOptions(4, 512, Duration.ofSeconds(30));
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SqliteOptions}; unset options keep their defaults. Not thread safe. */
  public static final class Builder {
    private int readConnections;
    private int maxBatch;
    private Duration busyTimeout;

    private Builder() {
      SqliteOptions d = defaults();
      readConnections = d.readConnections();
      maxBatch = d.maxBatch();
      busyTimeout = d.busyTimeout();
    }

    /** Sets {@link SqliteOptions#readConnections()}. */
    public Builder readConnections(int readConnections) {
      this.readConnections = readConnections;
      return this;
    }

    /** Sets {@link SqliteOptions#maxBatch()}. */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /** Sets {@link SqliteOptions#busyTimeout()}. */
    public Builder busyTimeout(Duration busyTimeout) {
      this.busyTimeout = busyTimeout;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public SqliteOptions build() {
      return new SqliteOptions(readConnections, maxBatch, busyTimeout);
    }
  }
}
