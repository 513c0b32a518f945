package io.jointflow.dynamodb;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link DynamoStateStore}.
 *
 * @param callTimeout how long one API call (a read, a write, a whole transaction) may take before
 *     it fails as retryable with an unknown outcome
 * @param namespace the partition of the table the store uses, so that several apps (or tests) can
 *     share one table; stores with different namespaces see nothing of each other
 * @param createTable whether opening creates the table (on-demand capacity) if it is missing
 */
public record DynamoOptions(Duration callTimeout, String namespace, boolean createTable) {

  /** Validates the options; messages name the option and the bad value. */
  public DynamoOptions {
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("dynamodb option 'call-timeout' must be above 0 and at most a day: " + callTimeout);
    }
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty() || namespace.length() > 256) {
      throw new IllegalArgumentException("dynamodb option 'namespace' must have 1 to 256 characters: '" + namespace + "'");
    }
  }

  /** A 30 second call timeout, namespace {@code jointflow}, and the table created if missing. */
  public static DynamoOptions defaults() {
    return new DynamoOptions(Duration.ofSeconds(30), "jointflow", true);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DynamoOptions}; unset options keep their defaults. Not thread safe. */
  public static final class Builder {
    private Duration callTimeout = defaults().callTimeout();
    private String namespace = defaults().namespace();
    private boolean createTable = defaults().createTable();

    private Builder() {}

    /** Sets {@link DynamoOptions#callTimeout()}. */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /** Sets {@link DynamoOptions#namespace()}. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Sets {@link DynamoOptions#createTable()}. */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public DynamoOptions build() {
      return new DynamoOptions(callTimeout, namespace, createTable);
    }
  }
}
