package io.jointflow.worker;

import io.jointflow.function.JointflowException;
import io.jointflow.spi.ComputeBackend;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link WorkerBackend}.
 *
 * @param limits what the remote worker accepts: {@code maxPayloadBytes} is its cloud's async payload
 *     limit, above which the runtime sends inputs as blob references; an encoded envelope above
 *     {@link WorkerOptions#bodyLimit WorkerOptions.bodyLimit(maxPayloadBytes)} is refused before
 *     sending (the worker's {@code max-body-bytes} must be at least that)
 * @param billing price facts of the cloud the worker stands for
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for the worker's answer to one invocation
 * @param healthTtl how long an answer of {@code /health} is reused
 */
public record WorkerBackendOptions(ComputeBackend.Limits limits, ComputeBackend.Billing billing,
    Duration connectTimeout, Duration requestTimeout, Duration healthTtl) {

  /** Validates every option; messages name the option and the bad value. */
  public WorkerBackendOptions {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(billing, "billing");
    if (limits.maxPayloadBytes() < 1) {
      throw new JointflowException("worker backend option 'max-payload-bytes' must be positive: " + limits.maxPayloadBytes());
    }
    if (limits.maxConcurrency() < 0) {
      throw new JointflowException("worker backend option 'max-concurrency' must not be negative: " + limits.maxConcurrency());
    }
    if (billing.pricePerGbSecond() < 0 || billing.pricePerRequest() < 0 || billing.granularity() == null
        || billing.granularity().isNegative()) {
      throw new JointflowException("worker backend option 'billing' must not be negative: " + billing);
    }
    positive(connectTimeout, "connect-timeout");
    positive(requestTimeout, "request-timeout");
    Objects.requireNonNull(healthTtl, "healthTtl");
    if (healthTtl.isNegative()) {
      throw new JointflowException("worker backend option 'health-ttl' must not be negative: " + healthTtl);
    }
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new JointflowException("worker backend option '" + name + "' must be positive: " + d);
    }
  }

  /**
   * 256 KB payloads (Lambda's async limit, {@link io.jointflow.cloud.Limits#DEFAULT_ASYNC_PAYLOAD}),
   * no concurrency limit, free, 5 s to connect, 30 s per request, health kept 1 s.
   */
  public static WorkerBackendOptions defaults() {
    return builder().build();
  }

  /**
   * The defaults with the payload limit of a cloud of a clouds file ({@code limits.async-payload}),
   * so that inputs above it travel as blob references, as they do under in-process emulation.
   */
  public static WorkerBackendOptions forCloud(io.jointflow.cloud.CloudSpec cloud) {
    return builder().limits(new ComputeBackend.Limits(cloud.limits().asyncPayload(), 0)).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link WorkerBackendOptions}; {@link #build()} validates. */
  public static final class Builder {
    private ComputeBackend.Limits limits = new ComputeBackend.Limits(io.jointflow.cloud.Limits.DEFAULT_ASYNC_PAYLOAD, 0);
    private ComputeBackend.Billing billing = new ComputeBackend.Billing(0, 0, Duration.ofMillis(1));
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration healthTtl = Duration.ofSeconds(1);

    private Builder() {}

    /** See {@link WorkerBackendOptions#limits()}. */
    public Builder limits(ComputeBackend.Limits limits) {
      this.limits = limits;
      return this;
    }

    /** See {@link WorkerBackendOptions#billing()}. */
    public Builder billing(ComputeBackend.Billing billing) {
      this.billing = billing;
      return this;
    }

    /** See {@link WorkerBackendOptions#connectTimeout()}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** See {@link WorkerBackendOptions#requestTimeout()}. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** See {@link WorkerBackendOptions#healthTtl()}. */
    public Builder healthTtl(Duration healthTtl) {
      this.healthTtl = healthTtl;
      return this;
    }

    /**
     * The options.
     *
     * @throws JointflowException naming the first invalid option
     */
    public WorkerBackendOptions build() {
      return new WorkerBackendOptions(limits, billing, connectTimeout, requestTimeout, healthTtl);
    }
  }
}
