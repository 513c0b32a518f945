package io.jointflow.core;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.Envelope;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invokes a function on the first cloud of its placement that accepts it (DESIGN section 5,
 * Jointλ's failover): an invocation error or an open circuit breaker moves the invocation to the
 * next cloud. Each cloud's health is a resilience4j circuit breaker on this host's invocations of it,
 * on the environment's clock; the primary is always tried first once its breaker lets calls through
 * again, so traffic returns to it when it recovers (fail-back). Envelopes above a cloud's async
 * payload limit send their largest inputs as blob references instead.
 */
final class Failover {
  private static final System.Logger LOG = System.getLogger(Failover.class.getName());

  private final Host host;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final AtomicLong failovers = new AtomicLong();
  private final CircuitBreakerConfig config;

  Failover(Host host) {
    this.host = host;
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(host.env().currentTimeMillis());
      }
    };
    this.config = CircuitBreakerConfig.custom()
        // Failures age out of a 10-second window, so an outage that ended does not keep the
        // breaker tripping on the first successes after it.
        .slidingWindow(10, 5, CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(2)
        .clock(clock)
        .currentTimestampFunction(c -> host.env().nanoTime(), TimeUnit.NANOSECONDS)
        .recordException(e -> e instanceof BackendException be && be.retryable())
        .build();
  }

  /** The circuit breaker of a cloud (its health as seen from this host). */
  CircuitBreaker breaker(String cloud) {
    return breakers.computeIfAbsent(cloud, c -> CircuitBreaker.of("cloud-" + c, config));
  }

  /** Invocations that went to another cloud than their function's primary. */
  long failovers() {
    return failovers.get();
  }

  /**
   * Hands an envelope to the first cloud of its function's placement that accepts it.
   *
   * @throws BackendException when no cloud accepted it: retryable if any refusal was
   */
  void invoke(AppRuntime app, Envelope e) {
    List<Topology.Cloud> clouds = app == null ? List.of(host.topology().local())
        : host.topology().placement(app, e.function());
    List<String> refused = new ArrayList<>();
    BackendException last = null;
    for (int i = 0; i < clouds.size(); i++) {
      Topology.Cloud c = clouds.get(i);
      CircuitBreaker breaker = breaker(c.name());
      if (!breaker.tryAcquirePermission()) {
        refused.add(c.name() + " (circuit open)");
        continue;
      }
      long t0 = host.env().nanoTime();
      try {
        Topology.Cloud origin = host.topology().cloud(e.origin());
        Envelope fitted = Payloads.fit(e, c.backend().limits().maxPayloadBytes(), origin.name(), origin.blobs());
        c.backend().invokeAsync(e.function(), fitted);
        breaker.onSuccess(host.env().nanoTime() - t0, TimeUnit.NANOSECONDS);
        if (i > 0 || !refused.isEmpty()) {
          failovers.incrementAndGet();
          host.observer().failedOver(e.app(), e.function(), clouds.get(0).name(), c.name());
          LOG.log(Level.INFO, "instance {0} of ''{1}'' failed over to cloud ''{2}'' ({3} refused)", e.instanceId(),
              e.function(), c.name(), refused);
        }
        return;
      } catch (BackendException ex) {
        breaker.onError(host.env().nanoTime() - t0, TimeUnit.NANOSECONDS, ex);
        if (!ex.retryable()) {
          throw ex;
        }
        refused.add(c.name() + " (" + ex.getMessage() + ")");
        last = ex;
      }
    }
    throw new BackendException("no cloud accepted an invocation of '" + e.function() + "': " + refused, last, true);
  }
}
