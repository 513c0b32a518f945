package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.core.RunInfo;
import io.jointflow.definition.AppDefinitions;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 2: the 500-step chain of {@code examples/chain.yaml} (Pheromone's {@code inc}: an
 * {@code immediate} self-loop with a condition and max-fires), both modes. Reports the makespan
 * (start until the last step returns), the time {@code await} returns, and the makespan per hop.
 * Baselines: a chain of 500 virtual threads each starting the next (ephemeral), 500 sequential bare
 * SQLite commits (exactly-once).
 */
final class ChainRun implements Benchmark {
  static final int STEPS = 500;
  private static final String DONE_CLASS = "io.jointflow.examples.chain.Done";

  @Override
  public String name() {
    return "chain";
  }

  /** chain.yaml with the timing end step, and for ephemeral mode a {@code mode:} line. */
  static App load(Path examples, Mode mode) throws Exception {
    Path file = examples.resolve("chain.yaml");
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    if (!yaml.contains(DONE_CLASS) || !yaml.contains("\napp: chain")) {
      throw new IllegalStateException(file + " changed: expected 'app: chain' and class " + DONE_CLASS);
    }
    yaml = yaml.replace(DONE_CLASS, ChainEnd.class.getName());
    if (mode == Mode.EPHEMERAL) {
      yaml = yaml.replace("\napp: chain", "\napp: chain\nmode: ephemeral");
    }
    return AppDefinitions.load(new StringReader(yaml), file.toString(), examples, ChainRun.class.getClassLoader()).app();
  }

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    Samples vchain = Baselines.virtualThreadChain(STEPS, config.count(20, 2), config.count(100, 5));
    measures.add(Measure.latency("-", "baseline: chain of 500 virtual-thread hand-offs", Unit.MILLIS, vchain, null, null));
    Samples[] eph = measure(Mode.EPHEMERAL, config, config.count(30, 2), config.count(100, 3), null, null, notes);
    measures.add(Measure.latency("ephemeral", "run makespan (start -> last step returns)", Unit.MILLIS, eph[0],
        "500 virtual-thread hand-offs", vchain));
    measures.add(Measure.latency("ephemeral", "run, until await() returns", Unit.MILLIS, eph[1], null, null));
    Samples ephHop = perHop(eph[0]);
    measures.add(Measure.latency("ephemeral", "per hop (makespan / 500)", Unit.MICROS, ephHop,
        "virtual-thread hand-off", perHop(vchain)));
    targets.add(Target.atMost("ephemeral", "per-hop p50 (implied by the 20 us hop target)", Unit.MICROS,
        Unit.MICROS.fromNanos(ephHop.median()), 20));

    Samples[] base = new Samples[1];
    Session.Writes[] writes = new Session.Writes[1];
    Samples[] eo = measure(Mode.EXACTLY_ONCE, config, 1, config.count(20, 1), base, writes, notes);
    measures.add(Measure.latency("-", "baseline: 500 sequential bare SQLite commits, same store", Unit.MILLIS, base[0],
        null, null));
    measures.add(Measure.latency("exactly-once", "run makespan (start -> last step returns)", Unit.MILLIS, eo[0],
        "500 bare commits", base[0]));
    measures.add(Measure.latency("exactly-once", "run, until await() returns", Unit.MILLIS, eo[1], null, null));
    Samples eoHop = perHop(eo[0]);
    measures.add(Measure.latency("exactly-once", "per hop (makespan / 500)", Unit.MICROS, eoHop, "bare commit",
        perHop(base[0])));
    targets.add(Target.atMost("exactly-once", "per-hop p50 (implied by the 1 ms hop target)", Unit.MILLIS,
        Unit.MILLIS.fromNanos(eoHop.median()), 1));
    targets.add(Target.atMost("exactly-once", "per-hop p50 / bare commit p50", Unit.RATIO,
        eoHop.median() / (double) perHop(base[0]).median(), 1.5));
    Session.addWrites(measures, "exactly-once", writes[0], "step");
    notes.addAll(List.of(
        "examples/chain.yaml as shipped (inc -> next -> inc while meta.n < 500, max-fires 1000), with the done step"
            + " replaced by a subclass that stamps its end; input n=0, result checked to be 500.",
        "Per hop includes what a chain step costs besides the hand-off: in exactly-once mode one batch per step"
            + " (output checkpoint, the successor's pending record, the max-fires counter, the deletion of its own"
            + " pending record).",
        "With few runs the p99 column is the maximum."));
    return new BenchResult(name(), "500-step immediate chain (examples/chain.yaml)", measures, targets, notes,
        (System.nanoTime() - t0) / 1e9);
  }

  private static Samples perHop(Samples total) {
    long[] per = new long[total.n()];
    for (int i = 0; i < per.length; i++) {
      per[i] = total.sorted()[i] / STEPS;
    }
    return Samples.of(per);
  }

  /** [makespans, await times]; fills base[0] with the commit-chain baseline in exactly-once mode. */
  private static Samples[] measure(Mode mode, BenchConfig config, int warmup, int runs, Samples[] base,
      Session.Writes[] writesOut, List<String> notes) throws Exception {
    App app = load(config.examples(), mode);
    long[] makespan = new long[runs];
    long[] awaited = new long[runs];
    try (Session s = Session.open(mode, config).deploy(app)) {
      if (s.sqlite != null) {
        base[0] = Baselines.commitChain(s.sqlite, STEPS, 1, Math.max(runs, 3));
      }
      Session.StoreMark mark = null;
      for (int r = -warmup; r < runs; r++) {
        if (r == 0) {
          mark = s.mark();
        }
        ChainEnd.finishedAt = 0;
        long t0 = System.nanoTime();
        RunInfo info = s.jf.start(app.name(), Map.of("n", "0")).await(java.time.Duration.ofMinutes(5));
        long t1 = System.nanoTime();
        Session.check(info, String.valueOf(STEPS));
        if (r >= 0) {
          makespan[r] = ChainEnd.finishedAt - t0;
          awaited[r] = t1 - t0;
        }
      }
      if (mark != null && writesOut != null) {
        writesOut[0] = s.writesSince(mark, runs * (double) STEPS);
      }
      if (mark != null) {
        notes.add(s.activitySince(mark, runs * (double) STEPS, "step"));
      }
    }
    return new Samples[] {Samples.of(makespan), Samples.of(awaited)};
  }
}
