package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 1: latency of one {@code immediate} hop, from the producer's return (right after its
 * emit) to the consumer's first instruction, in a linear chain of {@value #HOPS} hops per run (so
 * that every sample is a pure producer-to-consumer hand-off, without a cycle's max-fires counter).
 * Baselines: a bare virtual-thread hand-off (ephemeral) and a bare SQLite put-if-absent commit on
 * the same store (exactly-once).
 */
final class HopLatency implements Benchmark {
  static final int HOPS = 8;

  @Override
  public String name() {
    return "hop";
  }

  /** Stamps of the run in progress; runs are sequential, and each run's completion publishes them. */
  static final class Probe {
    volatile long[] start = new long[HOPS + 1];
    volatile long[] end = new long[HOPS + 1];
  }

  static App app(Mode mode, Probe probe) {
    App.Builder b = App.builder("hop-" + mode.configName()).mode(mode);
    for (int i = 0; i <= HOPS; i++) {
      int step = i;
      boolean last = i == HOPS;
      b.function("s" + i, c -> {
        long[] start = probe.start;
        start[step] = System.nanoTime();
        if (!last) {
          c.emit("b" + step, "x");
        }
        probe.end[step] = System.nanoTime();
        return last ? "done" : null;
      }, last ? new String[0] : new String[] {"b" + i});
      if (!last) {
        b.bucket("b" + i, k -> k.trigger("t", Trigger.immediate(), "s" + (step + 1)));
      }
    }
    return b.build();
  }

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    Samples handOff = Baselines.virtualThreadHandOff(config.count(5000, 50), config.count(20000, 200));
    measures.add(Measure.latency("-", "baseline: virtual-thread hand-off (submit -> task start)", Unit.MICROS,
        handOff, null, null));
    Samples eph = measure(Mode.EPHEMERAL, config, config.count(3000, 20), config.count(10000, 50), null, null, notes);
    measures.add(Measure.latency("ephemeral", "hop (producer return -> consumer start)", Unit.MICROS, eph,
        "virtual-thread hand-off", handOff));
    targets.add(Target.atMost("ephemeral", "hop p50", Unit.MICROS, Unit.MICROS.fromNanos(eph.median()), 20));

    Samples[] commit = new Samples[1];
    Session.Writes[] writes = new Session.Writes[1];
    Samples eo = measure(Mode.EXACTLY_ONCE, config, config.count(40, 3), config.count(500, 5), commit, writes, notes);
    measures.add(Measure.latency("-", "baseline: bare SQLite put-if-absent commit, same store", Unit.MICROS,
        commit[0], null, null));
    measures.add(Measure.latency("exactly-once", "hop (producer return -> consumer start)", Unit.MICROS, eo,
        "bare SQLite commit", commit[0]));
    targets.add(Target.atMost("exactly-once", "hop p50", Unit.MILLIS, Unit.MILLIS.fromNanos(eo.median()), 1));
    targets.add(Target.atMost("exactly-once", "hop p50 / bare commit p50", Unit.RATIO,
        eo.median() / (double) commit[0].median(), 1.3));
    Session.addWrites(measures, "exactly-once", writes[0], "instance");
    notes.add("Each run is a linear chain of " + (HOPS + 1) + " functions (" + HOPS
        + " immediate hops); a sample is one hop, stamped with System.nanoTime() after the producer's emit"
        + " and at the consumer's first line.");
    return new BenchResult(name(), "One immediate hop: producer return -> consumer handler start", measures, targets,
        notes, (System.nanoTime() - t0) / 1e9);
  }

  /** Runs {@code warmup + runs} sequential runs and returns the hop samples of the measured ones. */
  private static Samples measure(Mode mode, BenchConfig config, int warmup, int runs, Samples[] commitOut,
      Session.Writes[] writesOut, List<String> notes) throws Exception {
    Probe probe = new Probe();
    App app = app(mode, probe);
    long[] hops = new long[runs * HOPS];
    try (Session s = Session.open(mode, config).deploy(app)) {
      if (s.sqlite != null) {
        commitOut[0] = Baselines.commit(s.sqlite, config.count(200, 10), config.count(2000, 50));
      }
      Session.StoreMark mark = null;
      for (int r = -warmup; r < runs; r++) {
        if (r == 0) {
          mark = s.mark();
        }
        probe.start = new long[HOPS + 1];
        probe.end = new long[HOPS + 1];
        s.runChecked(app.name(), Map.of("in", "x"), "done");
        if (r >= 0) {
          long[] start = probe.start;
          long[] end = probe.end;
          for (int h = 0; h < HOPS; h++) {
            hops[r * HOPS + h] = start[h + 1] - end[h];
          }
        }
      }
      if (mark != null && writesOut != null) {
        writesOut[0] = s.writesSince(mark, runs * (HOPS + 1.0));
      }
      if (mark != null) {
        notes.add(s.activitySince(mark, runs * (HOPS + 1.0), "instance")
            + (s.sqlite == null ? "" : "; each run also writes and updates its run record"));
      }
    }
    return Samples.of(hops);
  }
}
