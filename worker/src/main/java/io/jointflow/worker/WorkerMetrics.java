package io.jointflow.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The worker's meters, tagged by function and cloud. Requests for a function this worker does not
 * know, or that failed before the function was authenticated, are tagged {@value #UNKNOWN}, so that
 * callers cannot create series at will.
 */
final class WorkerMetrics {
  /** Function tag for unknown or unauthenticated functions (never a valid function name). */
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

  void accepted(String function) {
    Counter.builder(ACCEPTED).description("Invocations accepted (202)")
        .tags("function", function, "cloud", cloud).register(registry).increment();
  }

  void rejected(String function, String reason) {
    Counter.builder(REJECTED).description("Invocation requests rejected, by reason")
        .tags("function", function, "cloud", cloud, "reason", reason).register(registry).increment();
  }

  void received(String function, long bytes) {
    Counter.builder(RECEIVED).description("Request body bytes received").baseUnit("bytes")
        .tags("function", function, "cloud", cloud).register(registry).increment(bytes);
  }

  void request(String function, int status, Duration latency) {
    Timer.builder(REQUESTS).description("Invocation request latency, from the request to the reply")
        .tags("function", function, "cloud", cloud, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry).record(latency);
  }
}
