package io.jointflow.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link RedisStateStore}. {@link #toString()} never shows the password.
 *
 * @param connectTimeout how long opening a connection may take
 * @param commandTimeout how long one command (a read, a write, a whole batch) may take before it
 *     fails as retryable with an unknown outcome
 * @param keyPrefix put before every Redis key the store uses, so that several apps (or tests) can
 *     share one server and database; stores with different prefixes see nothing of each other
 * @param password the password if the location has none, or {@code null} (the provider takes it
 *     from {@code JOINTFLOW_REDIS_PASSWORD})
 */
public record RedisOptions(Duration connectTimeout, Duration commandTimeout, String keyPrefix, String password) {

  /** Validates the options; messages name the option and the bad value. */
  public RedisOptions {
    checkTimeout("connect-timeout", connectTimeout);
    checkTimeout("command-timeout", commandTimeout);
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.length() > 1024) {
      throw new IllegalArgumentException("redis option 'key-prefix' is longer than 1024 characters: " + keyPrefix.length());
    }
  }

  private static void checkTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("redis option '" + name + "' must be above 0 and at most a day: " + timeout);
    }
  }

  /** A 10 second connect timeout, a 30 second command timeout, key prefix {@code jointflow:}, no password. */
  public static RedisOptions defaults() {
    return new RedisOptions(Duration.ofSeconds(10), Duration.ofSeconds(30), "jointflow:", null);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "RedisOptions[connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + ", keyPrefix='"
        + keyPrefix + "', password=" + (password == null ? "none" : "***") + "]";
  }

  /** Builds {@link RedisOptions}; unset options keep their defaults. Not thread safe. */
  public static final class Builder {
    private Duration connectTimeout;
    private Duration commandTimeout;
    private String keyPrefix;
    private String password;

    private Builder() {
      RedisOptions d = defaults();
      connectTimeout = d.connectTimeout();
      commandTimeout = d.commandTimeout();
      keyPrefix = d.keyPrefix();
      password = d.password();
    }

    /** Sets {@link RedisOptions#connectTimeout()}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Sets {@link RedisOptions#commandTimeout()}. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    /** Sets {@link RedisOptions#keyPrefix()}. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /** Sets {@link RedisOptions#password()}. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public RedisOptions build() {
      return new RedisOptions(connectTimeout, commandTimeout, keyPrefix, password);
    }
  }
}
