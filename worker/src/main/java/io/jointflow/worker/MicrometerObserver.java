package io.jointflow.worker;

import io.jointflow.core.RuntimeObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's meters of a worker host on its Micrometer registry (Prometheus names): {@code
 * jointflow_invocations_total{function,cloud,outcome}}, {@code jointflow_handler_seconds{function,cloud}}
 * (a histogram), {@code jointflow_bytes_in_total} and {@code jointflow_bytes_out_total{function,cloud}},
 * {@code jointflow_store_calls_total{cloud,kind}}, {@code jointflow_failovers_total{function,from,to}}
 * and the gauge {@code jointflow_handlers_running{cloud}}. Meters are created on first use and then
 * kept by function and cloud, so that a step looks them up without building ids. Tag values come
 * from the deployed app and the clouds file, never from requests. Thread safe.
 */
final class MicrometerObserver implements RuntimeObserver {
  static final String INVOCATIONS = "jointflow.invocations";
  static final String HANDLER = "jointflow.handler";
  static final String BYTES_IN = "jointflow.bytes.in";
  static final String BYTES_OUT = "jointflow.bytes.out";
  static final String STORE_CALLS = "jointflow.store.calls";
  static final String FAILOVERS = "jointflow.failovers";
  static final String RUNNING = "jointflow.handlers.running";

  /** The meters of one function on one cloud. */
  private record FunctionMeters(Counter[] outcomes, Timer handler, Counter bytesIn, Counter bytesOut) {}

  private final MeterRegistry registry;
  /** cloud, then function. */
  /** By app, cloud and function. */
  private final Map<FunctionKey, FunctionMeters> functions = new ConcurrentHashMap<>();

  private record FunctionKey(String app, String function, String cloud) {}
  /** cloud, then kind by ordinal. */
  private final Map<String, Counter[]> storeCalls = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();

  /** @param cloud the worker's cloud, the tag of the running-handlers gauge */
  MicrometerObserver(MeterRegistry registry, String cloud) {
    this.registry = registry;
    Gauge.builder(RUNNING, running, AtomicInteger::get).description("Handlers executing now")
        .tag("cloud", cloud).register(registry);
  }

  /** The Prometheus value of the {@code outcome} tag. */
  static String tag(Outcome o) {
    return switch (o) {
      case SUCCEEDED -> "succeeded";
      case FAILED_RETRYABLE -> "retried";
      case FAILED_TERMINAL -> "failed";
    };
  }

  private FunctionMeters meters(String app, String function, String cloud) {
    return functions.computeIfAbsent(new FunctionKey(app, function, cloud), k -> create(app, function, cloud));
  }

  private FunctionMeters create(String app, String function, String cloud) {
    Outcome[] all = Outcome.values();
    Counter[] outcomes = new Counter[all.length];
    for (Outcome o : all) {
      outcomes[o.ordinal()] = Counter.builder(INVOCATIONS)
          .description("Handler executions, by outcome: succeeded, retried (failed, tried again) or failed (the run fails)")
          .tags("app", app, "function", function, "cloud", cloud, "outcome", tag(o)).register(registry);
    }
    Timer handler = Timer.builder(HANDLER).description("How long handlers ran")
        .tags("app", app, "function", function, "cloud", cloud).publishPercentileHistogram().register(registry);
    Counter in = Counter.builder(BYTES_IN).description("Bytes of the input objects of handler executions")
        .tags("app", app, "function", function, "cloud", cloud).register(registry);
    Counter out = Counter.builder(BYTES_OUT).description("Encoded bytes of the objects handlers emitted")
        .tags("app", app, "function", function, "cloud", cloud).register(registry);
    return new FunctionMeters(outcomes, handler, in, out);
  }

  @Override
  public void handlerStarted(String app, String function, String cloud) {
    running.incrementAndGet();
  }

  @Override
  public void handlerEnded(String app, String function, String cloud, Outcome outcome, long nanos, long bytesIn,
      long bytesOut) {
    running.decrementAndGet();
    FunctionMeters m = meters(app, function, cloud);
    m.outcomes()[outcome.ordinal()].increment();
    m.handler().record(nanos, TimeUnit.NANOSECONDS);
    m.bytesIn().increment(bytesIn);
    m.bytesOut().increment(bytesOut);
  }

  @Override
  public void storeCalled(String cloud, StoreCall kind) {
    storeCalls.computeIfAbsent(cloud, this::storeCounters)[kind.ordinal()].increment();
  }

  private Counter[] storeCounters(String cloud) {
    StoreCall[] all = StoreCall.values();
    Counter[] counters = new Counter[all.length];
    for (StoreCall k : all) {
      counters[k.ordinal()] = Counter.builder(STORE_CALLS)
          .description("State store calls this host made, by the store's cloud and kind (a batch is one call)")
          .tags("cloud", cloud, "kind", k.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
    }
    return counters;
  }

  @Override
  public void failedOver(String app, String function, String from, String to) {
    Counter.builder(FAILOVERS).description("Invocations this host sent to another cloud than their function's primary")
        .tags("app", app, "function", function, "from", from, "to", to).register(registry).increment();
  }
}
