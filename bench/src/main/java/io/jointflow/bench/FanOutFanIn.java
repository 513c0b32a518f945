package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.core.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 3: Pheromone's parallel workload with no-op functions: {@code split} emits N objects
 * into {@code work}, whose {@code immediate} trigger runs N {@code noop}s; each writes a 13-byte
 * value into {@code joined}, whose {@code by-batch-size(N)} trigger runs {@code join} once with all
 * N. Both modes. Baselines: N virtual threads started and joined on a latch (ephemeral); N
 * concurrent bare put-if-absent commits on the same store (exactly-once).
 */
final class FanOutFanIn implements Benchmark {
  @Override
  public String name() {
    return "fanout";
  }

  /** When join returned, by {@link System#nanoTime()}; runs are sequential. */
  private static final class Probe {
    volatile long joinedAt;
  }

  static App app(Mode mode, int width, Probe probe) {
    return App.builder("fanout-" + mode.configName()).mode(mode)
        .function("split", c -> {
          for (int i = 0; i < width; i++) {
            c.emit("work", "w" + i, Integer.toString(i));
          }
          return null;
        }, "work")
        .function("noop", c -> c.emit("joined", "1700000000000"), "joined")
        .function("join", c -> {
          int n = c.inputs().size();
          probe.joinedAt = System.nanoTime();
          return Integer.toString(n);
        })
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "noop"))
        .bucket("joined", b -> b.trigger("t", Trigger.byBatchSize(width), "join"))
        .build();
  }

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    int width = config.fanOutWidth();
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>(List.of(
        "N = " + width + " no-op functions (Pheromone's parallel workload sleeps 1 s in each; here they return at once),"
            + " fan-in by-batch-size(" + width + "); the result is checked to be " + width + ".",
        "With few runs the p99 column is the maximum."));

    Samples vt = Baselines.virtualThreadFanOut(width, config.count(20, 2), config.count(50, 3));
    measures.add(Measure.latency("-", "baseline: " + width + " virtual threads started + latch", Unit.MILLIS, vt,
        null, null));
    Samples[] eph = measure(Mode.EPHEMERAL, width, config, config.count(5, 1), config.count(30, 2), null, notes);
    measures.add(Measure.latency("ephemeral", "run makespan (start -> join returns)", Unit.MILLIS, eph[0],
        width + " virtual threads", vt));
    measures.add(Measure.latency("ephemeral", "run, until await() returns", Unit.MILLIS, eph[1], null, null));
    targets.add(Target.atMost("ephemeral", "makespan p50", Unit.SECONDS, Unit.SECONDS.fromNanos(eph[0].median()), 1));

    Samples[] base = new Samples[1];
    Samples[] eo = measure(Mode.EXACTLY_ONCE, width, config, 1, config.count(10, 1), base, notes);
    measures.add(Measure.latency("-", "baseline: " + width + " concurrent bare SQLite commits, same store",
        Unit.MILLIS, base[0], null, null));
    measures.add(Measure.latency("exactly-once", "run makespan (start -> join returns)", Unit.MILLIS, eo[0],
        width + " concurrent commits", base[0]));
    measures.add(Measure.latency("exactly-once", "run, until await() returns", Unit.MILLIS, eo[1], null, null));
    targets.add(Target.atMost("exactly-once", "makespan p50", Unit.SECONDS, Unit.SECONDS.fromNanos(eo[0].median()), 1));
    return new BenchResult(name(), width + "-wide fan-out + by-batch-size fan-in of no-ops", measures, targets, notes,
        (System.nanoTime() - t0) / 1e9);
  }

  private static Samples[] measure(Mode mode, int width, BenchConfig config, int warmup, int runs, Samples[] base,
      List<String> notes) throws Exception {
    Probe probe = new Probe();
    App app = app(mode, width, probe);
    long[] makespan = new long[runs];
    long[] awaited = new long[runs];
    try (Session s = Session.open(mode, config).deploy(app)) {
      if (s.sqlite != null) {
        base[0] = Baselines.concurrentCommits(s.sqlite, width, 1, Math.max(runs, 3));
      }
      Session.StoreMark mark = null;
      for (int r = -warmup; r < runs; r++) {
        if (r == 0) {
          mark = s.mark();
        }
        probe.joinedAt = 0;
        long t0 = System.nanoTime();
        RunInfo info = s.jf.start(app.name(), Map.of("in", "x")).await(java.time.Duration.ofMinutes(5));
        long t1 = System.nanoTime();
        Session.check(info, Integer.toString(width));
        if (r >= 0) {
          makespan[r] = probe.joinedAt - t0;
          awaited[r] = t1 - t0;
        }
      }
      if (mark != null) {
        notes.add(s.activitySince(mark, runs * (width + 2.0), "instance"));
      }
    }
    return new Samples[] {Samples.of(makespan), Samples.of(awaited)};
  }
}
