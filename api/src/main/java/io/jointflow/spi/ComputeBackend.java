package io.jointflow.spi;

import java.time.Duration;

/**
 * Where functions run: the local process, a worker, or a FaaS cloud.
 *
 * <p>Contract (every implementation passes {@code ComputeBackendContract} in the testkit): {@link
 * #invokeAsync} returns once the backend accepted the invocation and MUST NOT wait for the function
 * to run; an accepted invocation is delivered at least once; an invocation that was not accepted
 * throws {@link BackendException}, retryable when another attempt or another cloud may succeed. All
 * methods are thread safe.
 */
public interface ComputeBackend extends AutoCloseable {

  /** The implementation's configuration name, e.g. {@code local}. */
  String name();

  /**
   * Hands an invocation to the backend.
   *
   * @throws BackendException if the backend did not accept it
   */
  void invokeAsync(String function, Envelope envelope);

  /** Whether the backend currently accepts invocations. */
  Health health();

  /** Payload and concurrency limits. */
  Limits limits();

  /** Price facts used for cost accounting. */
  Billing billing();

  @Override
  void close();

  /** Backend health. */
  record Health(boolean healthy, String detail) {}

  /**
   * Limits of one backend.
   *
   * @param maxPayloadBytes largest envelope it accepts
   * @param maxConcurrency most invocations running at once, 0 for unlimited
   */
  record Limits(long maxPayloadBytes, int maxConcurrency) {}

  /**
   * Billing facts.
   *
   * @param pricePerGbSecond price of one GB-second of execution
   * @param pricePerRequest price of one invocation
   * @param granularity billed durations are rounded up to this
   */
  record Billing(double pricePerGbSecond, double pricePerRequest, Duration granularity) {}
}
