package io.jointflow.planner;

import io.jointflow.app.App;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs an app in this process on emulated clouds (a clouds file's network, cold starts, limits and
 * prices, with in-memory stores and without its faults) and returns the runs with their spans: a
 * calibration (every function on one cloud, for each cloud) or a check of a placement.
 */
public final class Trials {
  private Trials() {}

  /**
   * Runs the app once per cloud with every function there (a function whose profile that cloud lacks
   * stays on the first cloud that has it), and learns profiles from the kept runs.
   */
  public static Profiles calibrate(App app, Clouds clouds, Map<String, ?> inputs, TrialOptions options) {
    List<RunTrace> all = new ArrayList<>();
    for (String cloud : clouds.clouds().keySet()) {
      Map<String, List<String>> placement = new LinkedHashMap<>();
      app.functions().values().forEach(f -> placement.put(f.name(), List.of(f.profile() == null
          || clouds.cloud(cloud).profiles().containsKey(f.profile()) ? cloud : clouds.clouds().values().stream()
          .filter(c -> c.profiles().containsKey(f.profile())).findFirst().map(CloudSpec::name).orElse(cloud))));
      all.addAll(run(Placements.apply(app, placement), clouds, inputs, options));
    }
    return Profiles.fromRuns(app, clouds, all);
  }

  /**
   * Runs the app as placed, {@code warmups} runs then {@code runs} kept ones, on one in-process host.
   *
   * @throws PlanException if a run fails or does not end in time
   */
  public static List<RunTrace> run(App app, Clouds clouds, Map<String, ?> inputs, TrialOptions options) {
    Jointflow.Builder b = Jointflow.builder().clouds(inMemory(clouds)).classLoader(options.handlers());
    if (options.environment() != null) {
      b.environment(options.environment());
    }
    List<RunTrace> kept = new ArrayList<>();
    try (Jointflow jf = b.build()) {
      jf.deploy(app, options.handlers(), null);
      for (int i = 0; i < options.warmups() + options.runs(); i++) {
        String id = "plan-" + Integer.toHexString(System.identityHashCode(kept)) + "-" + i;
        RunHandle h = jf.start(app.name(), id, inputs);
        wait(options, () -> h.status().terminal());
        RunInfo info = h.await(options.timeout());
        if (info.status() != RunStatus.SUCCEEDED) {
          throw new PlanException("trial run '" + id + "' of app '" + app.name() + "' " + info.status().name()
              .toLowerCase(java.util.Locale.ROOT) + ": " + info.failure());
        }
        List<Span> spans = settled(options, h);
        if (i >= options.warmups()) {
          kept.add(new RunTrace(info, spans));
        }
      }
    }
    return kept;
  }

  /** The run's spans once their number stopped growing (steps still writing checkpoints after the end). */
  private static List<Span> settled(TrialOptions o, RunHandle h) {
    int[] last = {-1};
    int[] same = {0};
    wait(o, () -> {
      int n = h.spans().size();
      same[0] = n == last[0] ? same[0] + 1 : 0;
      last[0] = n;
      return same[0] >= 20;
    });
    return h.spans();
  }

  private static void wait(TrialOptions o, BooleanSupplier done) {
    if (o.clock() != null) {
      o.clock().accept(done);
      return;
    }
    long until = System.nanoTime() + o.timeout().toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new PlanException("trial run did not finish within " + o.timeout().toSeconds() + " s");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PlanException("interrupted while waiting for a trial run", e);
      }
    }
  }

  /** The clouds with in-memory stores and no faults: trials leave nothing behind and measure the steady state. */
  static Clouds inMemory(Clouds clouds) {
    Map<String, CloudSpec> copy = new LinkedHashMap<>();
    clouds.clouds().forEach((n, c) -> copy.put(n, new CloudSpec(n, c.compute(), "memory", null, c.prices(), c.limits(),
        c.profiles())));
    return new Clouds(copy, clouds.network(), List.of(), clouds.signing());
  }
}
