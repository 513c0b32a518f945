package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.core.RunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark 5: exactly-once throughput. {@value #CLIENTS} clients each start a run of a
 * {@value #STEPS}-step linear {@code immediate} chain and wait for it, over and over (a closed
 * loop, so 64 runs are always in flight). Runs ending inside the measurement window count; the
 * window is split in {@value #WINDOWS} parts whose rates give the median. Reports checkpointed
 * steps/s (every step writes an output checkpoint), runs/s, run latency and the SQLite writer's
 * commits and writes. Baseline: put-if-absent calls per second from 64 writers on the same store.
 * The same load in ephemeral mode is reported for comparison.
 */
final class ExactlyOnceThroughput implements Benchmark {
  static final int CLIENTS = 64;
  static final int STEPS = 10;
  static final int WINDOWS = 3;

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

  /** One completed run: when it ended and how long it took. */
  private record Done(long endedAt, long nanos) {}

  /** Rates per window, latencies, and the store counters over the whole window. */
  private record Window(double[] stepsPerSecond, Samples latency, long runs, double seconds, long commits,
      long writes, String activity, long allRuns) {}

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    Window eo;
    double bare;
    try (Session s = Session.open(Mode.EXACTLY_ONCE, config).deploy(app(Mode.EXACTLY_ONCE))) {
      bare = Baselines.commitThroughput(s.sqlite, CLIENTS, config.nanos(3000));
      eo = load(s, config);
      notes.add(sweeps(s, eo.allRuns()));
    }
    measures.add(Measure.value("-", "baseline: bare put-if-absent/s, 64 writers, same store", Unit.PER_SECOND, 1, bare,
        null, Double.NaN));
    double eoSteps = median(eo.stepsPerSecond());
    measures.add(Measure.value("exactly-once", "checkpointed steps/s (median of " + WINDOWS + " windows)",
        Unit.PER_SECOND, WINDOWS, eoSteps, "bare put-if-absent/s", bare));
    measures.add(Measure.value("exactly-once", "runs/s", Unit.PER_SECOND, WINDOWS, eoSteps / STEPS, null, Double.NaN));
    measures.add(Measure.latency("exactly-once", "run latency under load", Unit.MILLIS, eo.latency(), null, null));
    measures.add(Measure.value("exactly-once", "SQLite writes per commit", Unit.COUNT, 1,
        eo.writes() / (double) Math.max(1, eo.commits()), null, Double.NaN));
    measures.add(Measure.value("exactly-once", "SQLite writes per step", Unit.COUNT, 1,
        eo.writes() / (double) Math.max(1, eo.runs() * STEPS), null, Double.NaN));
    measures.add(Measure.value("exactly-once", "SQLite commits/s", Unit.PER_SECOND, 1, eo.commits() / eo.seconds(),
        null, Double.NaN));
    targets.add(Target.atLeast("exactly-once", "checkpointed steps/s", Unit.PER_SECOND, eoSteps, 2000));
    notes.add(String.format("exactly-once windows (steps/s): %s; %d runs in %.1f s; %d commits, %d writes",
        Arrays.toString(Arrays.stream(eo.stepsPerSecond()).mapToLong(Math::round).toArray()), eo.runs(), eo.seconds(),
        eo.commits(), eo.writes()));

    Window eph;
    try (Session s = Session.open(Mode.EPHEMERAL, config).deploy(app(Mode.EPHEMERAL))) {
      eph = load(s, config);
    }
    double ephSteps = median(eph.stepsPerSecond());
    measures.add(Measure.value("ephemeral", "steps/s, same load (for comparison)", Unit.PER_SECOND, WINDOWS, ephSteps,
        null, Double.NaN));
    measures.add(Measure.latency("ephemeral", "run latency under load", Unit.MILLIS, eph.latency(), null, null));
    notes.add(eo.activity() + " (runs ending in the window; run starts and awaits included)");
    notes.add(eph.activity() + " (runs ending in the window; run starts and awaits included)");
    notes.add("A step is one function instance; in exactly-once mode each writes an output checkpoint and the"
        + " invocation checkpoint of its successor. Clients wait with RunHandle.await.");
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

  private static Window load(Session s, BenchConfig config) throws Exception {
    String app = "tput-" + s.modeName();
    long warm = config.nanos(2000);
    long window = config.nanos(6000);
    long start = System.nanoTime();
    long from = start + warm;
    long to = from + window;
    ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] counters = new long[4];
    Session.StoreMark[] mark = new Session.StoreMark[1];
    String[] activity = new String[1];
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CLIENTS; c++) {
        clients.execute(() -> {
          try {
            while (System.nanoTime() < to && failure.get() == null) {
              long t = System.nanoTime();
              RunInfo r = s.jf.start(app, Map.of("in", "x")).await(java.time.Duration.ofMinutes(2));
              Session.check(r, "x");
              long end = System.nanoTime();
              done.add(new Done(end, end - t));
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
      }
      sleepUntil(from);
      mark[0] = s.mark();
      if (s.sqlite != null) {
        counters[0] = s.sqlite.commits();
        counters[1] = s.sqlite.committedWrites();
      }
      sleepUntil(to);
      if (s.sqlite != null) {
        counters[2] = s.sqlite.commits();
        counters[3] = s.sqlite.committedWrites();
      }
      int inWindow = 0;
      for (Done d : done) {
        inWindow += d.endedAt() >= from ? 1 : 0;
      }
      if (mark[0] != null) {
        activity[0] = s.activitySince(mark[0], Math.max(1, inWindow) * (double) STEPS, "step");
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a client failed: " + failure.get(), failure.get());
    }
    long[] perWindow = new long[WINDOWS];
    List<Long> lat = new ArrayList<>();
    for (Done d : done) {
      if (d.endedAt() >= from && d.endedAt() < to) {
        perWindow[(int) ((d.endedAt() - from) * WINDOWS / window)]++;
        lat.add(d.nanos());
      }
    }
    if (lat.isEmpty()) {
      throw new IllegalStateException("no run of '" + app + "' completed inside the measurement window");
    }
    double[] rates = new double[WINDOWS];
    for (int w = 0; w < WINDOWS; w++) {
      rates[w] = perWindow[w] * STEPS / (window / (double) WINDOWS / 1e9);
    }
    return new Window(rates, Samples.of(lat.stream().mapToLong(Long::longValue).toArray()), lat.size(), window / 1e9,
        counters[2] - counters[0], counters[3] - counters[1], activity[0], done.size());
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(java.time.Duration.ofNanos(left));
    }
  }
}
