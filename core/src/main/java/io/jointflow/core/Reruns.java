package io.jointflow.core;

import io.jointflow.app.TriggerSpec;
import io.jointflow.spi.Environment;
import io.jointflow.spi.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ephemeral-mode re-execution hints (Pheromone): when an instance of a hinted source function has
 * not completed within the hint's timeout of starting, it is executed again with the same inputs,
 * up to the function's max-attempts. At-least-once: a slow original and its re-execution may both
 * emit; stateful triggers deduplicate by object id, immediate ones do not.
 */
final class Reruns {
  private final Host host;
  private final Map<String, Environment.Cancellable> watches = new ConcurrentHashMap<>();

  Reruns(Host host) {
    this.host = host;
  }

  void started(AppRuntime app, Envelope env) {
    if (app.exactlyOnce()) {
      return;
    }
    List<TriggerSpec> hinted = app.rerunsFor(env.function());
    if (hinted.isEmpty() || env.attempt() + 1 >= app.function(env.function()).maxAttempts()) {
      return;
    }
    Duration timeout = hinted.stream().map(t -> t.rerun().timeout()).min(Duration::compareTo).orElseThrow();
    String key = env.instanceId() + "@" + env.attempt();
    watches.put(key, host.schedule(timeout, () -> {
      if (watches.remove(key) != null) {
        host.dispatcher().invoke(env.retry(env.attempt() + 1,
            host.env().currentTimeMillis() + app.function(env.function()).timeout().toMillis()));
      }
    }));
  }

  /** The instance completed or failed (failures are retried by the wrapper): stop watching it. */
  void ended(Envelope env) {
    Environment.Cancellable c = watches.remove(env.instanceId() + "@" + env.attempt());
    if (c != null) {
      c.cancel();
    }
  }
}
