package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.core.RunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 5: exactly-once throughput. {@value #CLIENTS} clients each start a run of a
 * {@value #STEPS}-step linear {@code immediate} chain and wait for it, over and over (a closed
 * loop, so 64 runs are always in flight). Warm-up and measurement are counts of completed runs, not
 * time windows: the first completions warm up, the next ones are measured in {@value #PARTS} parts
 * of equal count whose rates (count / the part's duration) give the median. Reports checkpointed
 * steps/s (every step writes an output checkpoint), runs/s, run latency and the SQLite writer's
 * commits and writes. Baseline: put-if-absent calls per second from 64 writers sharing a fixed
 * number of calls on the same store. The same load in ephemeral mode is reported for comparison.
 */
final class ExactlyOnceThroughput implements Benchmark {
  static final int CLIENTS = 64;
  static final int STEPS = 10;
  static final int PARTS = 3;
  /** Runs at full scale (about 2 s of warm-up and 6 s of measurement on the 2-core VM). */
  private static final int EO_WARMUP = 3_000;
  private static final int EO_PER_PART = 3_000;
  private static final int EPH_WARMUP = 60_000;
  private static final int EPH_PER_PART = 80_000;
  /** Bare put-if-absent calls at full scale (a few seconds of 64 writers). */
  private static final int BASE_WARMUP = 6_000;
  private static final int BASE_CALLS = 60_000;

  @Override
  public String name() {
    return "throughput";
  }

  static App app(Mode mode) {
    App.Builder b = App.builder("tput-" + mode.configName()).mode(mode);
    for (int i = 0; i < STEPS; i++) {
      int step = i;
      boolean last = i == STEPS - 1;
      b.function("f" + i, c -> last ? c.input().text() : c.emit("b" + step, c.input().text()),
          last ? new String[0] : new String[] {"b" + i});
      if (!last) {
        b.bucket("b" + i, k -> k.trigger("t", Trigger.immediate(), "f" + (step + 1)));
      }
    }
    return b.build();
  }

  /** Rates per part, latencies, and the store counters over the measured runs. */
  private record Load(double[] stepsPerSecond, Samples latency, long runs, double seconds, long commits, long writes,
      String activity, long allRuns, Session.Writes perStep) {}

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    Load eo;
    double bare;
    int baseCalls = config.count(BASE_CALLS, 10 * CLIENTS);
    try (Session s = Session.open(Mode.EXACTLY_ONCE, config).deploy(app(Mode.EXACTLY_ONCE))) {
      bare = Baselines.commitThroughput(s.sqlite, CLIENTS, config.count(BASE_WARMUP, CLIENTS), baseCalls);
      eo = load(s, config.count(EO_WARMUP, CLIENTS), config.count(EO_PER_PART, CLIENTS));
      notes.add(sweeps(s, eo.allRuns()));
    }
    measures.add(Measure.value("-", "baseline: bare put-if-absent/s, 64 writers, same store", Unit.PER_SECOND, 1, bare,
        null, Double.NaN));
    double eoSteps = median(eo.stepsPerSecond());
    measures.add(Measure.value("exactly-once", "checkpointed steps/s (median of " + PARTS + " parts)",
        Unit.PER_SECOND, PARTS, eoSteps, "bare put-if-absent/s", bare));
    measures.add(Measure.value("exactly-once", "runs/s", Unit.PER_SECOND, PARTS, eoSteps / STEPS, null, Double.NaN));
    measures.add(Measure.latency("exactly-once", "run latency under load", Unit.MILLIS, eo.latency(), null, null));
    measures.add(Measure.value("exactly-once", "SQLite write calls per commit (group commit)", Unit.COUNT, 1,
        eo.writes() / (double) Math.max(1, eo.commits()), null, Double.NaN));
    Session.addWrites(measures, "exactly-once", eo.perStep(), "step");
    measures.add(Measure.value("exactly-once", "SQLite commits/s", Unit.PER_SECOND, 1, eo.commits() / eo.seconds(),
        null, Double.NaN));
    targets.add(Target.atLeast("exactly-once", "checkpointed steps/s", Unit.PER_SECOND, eoSteps, 2000));
    targets.add(Target.atLeast("exactly-once", "checkpointed steps/s / bare put-if-absent/s", Unit.RATIO,
        eoSteps / bare, 0.35));
    notes.add(String.format("exactly-once parts (steps/s): %s; %d runs measured in %.1f s after %d warm-up runs;"
        + " %d commits, %d writes", rounded(eo.stepsPerSecond()), eo.runs(), eo.seconds(),
        config.count(EO_WARMUP, CLIENTS), eo.commits(), eo.writes()));
    notes.add(String.format("baseline: %d put-if-absent calls shared by %d writers, after %d warm-up calls", baseCalls,
        CLIENTS, config.count(BASE_WARMUP, CLIENTS)));

    Load eph;
    try (Session s = Session.open(Mode.EPHEMERAL, config).deploy(app(Mode.EPHEMERAL))) {
      eph = load(s, config.count(EPH_WARMUP, CLIENTS), config.count(EPH_PER_PART, CLIENTS));
    }
    double ephSteps = median(eph.stepsPerSecond());
    measures.add(Measure.value("ephemeral", "steps/s, same load (for comparison)", Unit.PER_SECOND, PARTS, ephSteps,
        null, Double.NaN));
    measures.add(Measure.latency("ephemeral", "run latency under load", Unit.MILLIS, eph.latency(), null, null));
    notes.add(String.format("ephemeral parts (steps/s): %s; %d runs measured in %.1f s after %d warm-up runs",
        rounded(eph.stepsPerSecond()), eph.runs(), eph.seconds(), config.count(EPH_WARMUP, CLIENTS)));
    notes.add(eo.activity() + " (the measured runs; run starts and awaits included)");
    notes.add(eph.activity() + " (the measured runs; run starts and awaits included)");
    notes.add("A step is one function instance; in exactly-once mode each writes one batch: its output checkpoint,"
        + " the invocation checkpoint of its successor and the deletion of its own (the last step: the run record"
        + " and its collection index instead of a successor). Clients wait with RunHandle.await.");
    return new BenchResult(name(), CLIENTS + " concurrent runs of a " + STEPS + "-step chain", measures, targets, notes,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Times the recovery sweeper on the store the load left behind: every sweep scans the pending
   * records, and every tenth also scans and decodes every run record (to find collectable runs).
   */
  private static String sweeps(Session s, long runs) {
    long[] t = new long[10];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      s.jf.sweep();
      t[i] = System.nanoTime() - t0;
    }
    Samples sw = Samples.of(t);
    return String.format("Recovery sweep after the load, with %d run records retained (24 h retention): median %.2f ms,"
        + " slowest of 10 consecutive sweeps %.1f ms (the one that also reads every run record to find collectable"
        + " runs; it runs every 10th sweep, i.e. every 10 s, and grows with the runs retained)", runs,
        sw.median() / 1e6, sw.max() / 1e6);
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static String rounded(double[] rates) {
    return Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray());
  }

  /**
   * Runs the closed loop until {@code warmup} runs and then {@code PARTS * perPart} more have
   * completed; the store counters are read at the end of the warm-up and at the last measured
   * completion. Runs still in flight then complete but are not measured.
   */
  private static Load load(Session s, int warmup, int perPart) throws Exception {
    String app = "tput-" + s.modeName();
    long[] counters = new long[4];
    Session.StoreMark[] mark = new Session.StoreMark[1];
    String[] activity = new String[1];
    Session.Writes[] perStep = new Session.Writes[1];
    int measured = PARTS * perPart;
    Completions done = new Completions(warmup, PARTS, perPart, () -> {
      mark[0] = s.mark();
      counters[0] = s.sqlite == null ? 0 : s.sqlite.commits();
      counters[1] = s.sqlite == null ? 0 : s.sqlite.committedWrites();
    }, () -> {
      counters[2] = s.sqlite == null ? 0 : s.sqlite.commits();
      counters[3] = s.sqlite == null ? 0 : s.sqlite.committedWrites();
      activity[0] = s.activitySince(mark[0], measured * (double) STEPS, "step");
      perStep[0] = s.sqlite == null ? null : s.writesSince(mark[0], measured * (double) STEPS);
    });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CLIENTS; c++) {
        clients.execute(() -> {
          try {
            while (!done.done() && failure.get() == null) {
              long t = System.nanoTime();
              RunInfo r = s.jf.start(app, Map.of("in", "x")).await(java.time.Duration.ofMinutes(2));
              Session.check(r, "x");
              long end = System.nanoTime();
              done.add(end, end - t);
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a client of '" + app + "' failed: " + failure.get(), failure.get());
    }
    // Closing the executor waited for the clients, so their writes (the callbacks') are visible here.
    return new Load(done.partRates(STEPS), done.latencies(), measured, done.measuredSeconds(),
        counters[2] - counters[0], counters[3] - counters[1], activity[0], done.count(), perStep[0]);
  }
}
