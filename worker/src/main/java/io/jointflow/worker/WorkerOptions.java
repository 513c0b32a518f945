package io.jointflow.worker;

import io.jointflow.app.Names;
import io.jointflow.function.JointflowException;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link WorkerServer}.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default (bind a public address only behind
 *     a network boundary you trust: {@code /health} and {@code /metrics} are not signed)
 * @param port the port to bind; 0 picks a free one
 * @param cloud the cloud this worker serves, a tag on every metric
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param maxPending the most accepted invocations not yet finished; beyond that requests get 503
 * @param shutdownGrace how long {@link WorkerServer#close()} waits for accepted invocations to finish
 * @param rejectionLogInterval rejected requests are logged once per reason, then at most once per
 *     interval with the number suppressed meanwhile
 */
public record WorkerOptions(String host, int port, String cloud, int maxBodyBytes, int maxPending,
    Duration shutdownGrace, Duration rejectionLogInterval) {
  /** 8 MiB: room for a fan-in of many inline objects (64 KB each by default, base64 on the wire). */
  public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
  /**
   * 1 MiB: what an envelope may carry besides its inline bytes (ids, each input's metadata, blob
   * references; a few hundred bytes per input).
   */
  public static final int ENVELOPE_HEADROOM = 1024 * 1024;
  /** The largest body limit {@link #bodyLimit} gives: 1 GiB. */
  private static final long MAX_BODY_LIMIT = 1L << 30;

  /**
   * The body limit of a worker (and of the backends that call it) for a cloud whose async payload
   * limit is {@code asyncPayload}: inline input bytes up to that limit, base64 on the wire, plus
   * {@link #ENVELOPE_HEADROOM}. The runtime sends larger inputs as blob references, so that an
   * envelope stays under it.
   *
   * @throws IllegalArgumentException if {@code asyncPayload} is not positive
   */
  public static int bodyLimit(long asyncPayload) {
    if (asyncPayload < 1) {
      throw new IllegalArgumentException("async payload limit must be positive: " + asyncPayload);
    }
    long base64 = (Math.min(asyncPayload, MAX_BODY_LIMIT) + 2) / 3 * 4;
    return (int) Math.min(MAX_BODY_LIMIT, base64 + ENVELOPE_HEADROOM);
  }

  /** Validates every option; messages name the option and the bad value. */
  public WorkerOptions {
    if (host == null || host.isBlank()) {
      throw new JointflowException("worker option 'host' must not be empty: '" + host + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new JointflowException("worker option 'port' must be between 0 and 65535: " + port);
    }
    if (!Names.isValidName(cloud)) {
      throw new JointflowException("worker option 'cloud' is invalid: '" + cloud + "' (" + Names.NAME_RULE + ")");
    }
    if (maxBodyBytes < 1) {
      throw new JointflowException("worker option 'max-body-bytes' must be positive: " + maxBodyBytes);
    }
    if (maxPending < 1) {
      throw new JointflowException("worker option 'max-pending' must be positive: " + maxPending);
    }
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new JointflowException("worker option 'shutdown-grace' must not be negative: " + shutdownGrace);
    }
    Objects.requireNonNull(rejectionLogInterval, "rejectionLogInterval");
    if (rejectionLogInterval.isNegative()) {
      throw new JointflowException("worker option 'rejection-log-interval' must not be negative: " + rejectionLogInterval);
    }
  }

  /** Loopback, a free port, cloud {@code local}, 8 MiB bodies, 10,000 pending, 30 s grace, logs once a minute. */
  public static WorkerOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link WorkerOptions}; {@link #build()} validates. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String cloud = "local";
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxPending = 10_000;
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private Duration rejectionLogInterval = Duration.ofMinutes(1);

    private Builder() {}

    /** See {@link WorkerOptions#host()}. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** See {@link WorkerOptions#port()}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** See {@link WorkerOptions#cloud()}. */
    public Builder cloud(String cloud) {
      this.cloud = cloud;
      return this;
    }

    /** See {@link WorkerOptions#maxBodyBytes()}. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** See {@link WorkerOptions#maxPending()}. */
    public Builder maxPending(int maxPending) {
      this.maxPending = maxPending;
      return this;
    }

    /** See {@link WorkerOptions#shutdownGrace()}. */
    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    /** See {@link WorkerOptions#rejectionLogInterval()}. */
    public Builder rejectionLogInterval(Duration rejectionLogInterval) {
      this.rejectionLogInterval = rejectionLogInterval;
      return this;
    }

    /**
     * The options.
     *
     * @throws JointflowException naming the first invalid option
     */
    public WorkerOptions build() {
      return new WorkerOptions(host, port, cloud, maxBodyBytes, maxPending, shutdownGrace, rejectionLogInterval);
    }
  }
}
