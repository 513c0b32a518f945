package io.jointflow.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Tuning of a {@link PostgresStateStore}. {@link #toString()} never shows the password.
 *
 * @param connectTimeout how long opening a connection, or waiting for a free one in the pool, may
 *     take before the call fails as retryable
 * @param commandTimeout how long one statement (a read, a write, a whole batch) may take before it
 *     fails as retryable with an unknown outcome
 * @param poolSize the most connections the store opens (calls beyond wait for a free one)
 * @param schema the schema holding the store's tables and functions, created if absent, so that
 *     several apps (or tests) can share one database; stores in different schemas see nothing of
 *     each other
 * @param password the password, or {@code null} for none (the provider takes it from {@code
 *     JOINTFLOW_POSTGRES_PASSWORD} or {@code PGPASSWORD})
 */
public record PostgresOptions(Duration connectTimeout, Duration commandTimeout, int poolSize, String schema, String password) {
  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Validates the options; messages name the option and the bad value. */
  public PostgresOptions {
    checkTimeout("connect-timeout", connectTimeout);
    checkTimeout("command-timeout", commandTimeout);
    if (connectTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("postgres option 'connect-timeout' must be at least 250ms: " + connectTimeout);
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("postgres option 'pool-size' must be between 1 and 1000: " + poolSize);
    }
    Objects.requireNonNull(schema, "schema");
    if (!isSchemaName(schema)) {
      throw new IllegalArgumentException("postgres option 'schema' is not a plain lower-case SQL name (letters, digits, _;"
          + " at most 63): '" + schema + "'");
    }
  }

  static boolean isSchemaName(String name) {
    return SCHEMA.matcher(name).matches();
  }

  private static void checkTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("postgres option '" + name + "' must be above 0 and at most a day: " + timeout);
    }
  }

  /** A 5 second connect timeout, a 30 second command timeout, 8 connections, schema {@code jointflow}, no password. */
  public static PostgresOptions defaults() {
    return new PostgresOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), 8, "jointflow", null);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "PostgresOptions[connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + ", poolSize=" + poolSize
        + ", schema='" + schema + "', password=" + (password == null ? "none" : "***") + "]";
  }

  /** Builds {@link PostgresOptions}; unset options keep their defaults. Not thread safe. */
  public static final class Builder {
    private Duration connectTimeout;
    private Duration commandTimeout;
    private int poolSize;
    private String schema;
    private String password;

    private Builder() {
      PostgresOptions d = defaults();
      connectTimeout = d.connectTimeout();
      commandTimeout = d.commandTimeout();
      poolSize = d.poolSize();
      schema = d.schema();
      password = d.password();
    }

    /** Sets {@link PostgresOptions#connectTimeout()}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Sets {@link PostgresOptions#commandTimeout()}. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    /** Sets {@link PostgresOptions#poolSize()}. */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /** Sets {@link PostgresOptions#schema()}. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /** Sets {@link PostgresOptions#password()}. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public PostgresOptions build() {
      return new PostgresOptions(connectTimeout, commandTimeout, poolSize, schema, password);
    }
  }
}
