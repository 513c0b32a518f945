package io.jointflow.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The worker's meters, tagged by app, function and cloud. Requests for a function or an app this
 * worker does not serve, or that failed before they were authenticated, are tagged {@value #UNKNOWN}
 * (a function served for every app is tagged app {@value ServedFunctions#ANY_APP}), so that callers
 * cannot create series at will.
 */
final class WorkerMetrics {
  /** App and function tag for unknown or unauthenticated requests (never a valid name). */
  static final String UNKNOWN = "<unknown>";
  static final String ACCEPTED = "jointflow.worker.invocations.accepted";
  static final String REJECTED = "jointflow.worker.invocations.rejected";
  static final String REQUESTS = "jointflow.worker.requests";
  static final String RECEIVED = "jointflow.worker.received";
  static final String IN_FLIGHT = "jointflow.worker.in.flight";
  /** The Prometheus name of {@link #REJECTED}, for log messages. */
  static final String REJECTED_PROMETHEUS = "jointflow_worker_invocations_rejected_total";

  private final MeterRegistry registry;
  private final String cloud;

  WorkerMetrics(MeterRegistry registry, String cloud, IntSupplier inFlight) {
    this.registry = registry;
    this.cloud = cloud;
    Gauge.builder(IN_FLIGHT, inFlight, IntSupplier::getAsInt)
        .description("Accepted invocations not yet finished")
        .tag("cloud", cloud)
        .strongReference(true) // the supplier is a method reference that nothing else holds
        .register(registry);
  }

  void accepted(String app, String function) {
    Counter.builder(ACCEPTED).description("Invocations accepted (202)")
        .tags("app", app, "function", function, "cloud", cloud).register(registry).increment();
  }

  void rejected(String app, String function, String reason) {
    Counter.builder(REJECTED).description("Invocation requests rejected, by reason")
        .tags("app", app, "function", function, "cloud", cloud, "reason", reason).register(registry).increment();
  }

  void received(String app, String function, long bytes) {
    Counter.builder(RECEIVED).description("Request body bytes received").baseUnit("bytes")
        .tags("app", app, "function", function, "cloud", cloud).register(registry).increment(bytes);
  }

  void request(String app, String function, int status, Duration latency) {
    Timer.builder(REQUESTS).description("Invocation request latency, from the request to the reply")
        .tags("app", app, "function", function, "cloud", cloud, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry).record(latency);
  }
}
