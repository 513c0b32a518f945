package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.sqlite.SqliteStateStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An embedded Jointflow for one benchmark and mode: ephemeral apps on the memory store, exactly-once
 * apps on a fresh SQLite file in a temporary directory (opened here, so that its commit counters
 * can be read, and wrapped in a {@link CountingStateStore} to see what the runtime asks of it).
 * Closing it deletes the directory.
 */
final class Session implements AutoCloseable {
  final Mode mode;
  final Jointflow jf;
  /** The SQLite store in exactly-once mode, else null. */
  final SqliteStateStore sqlite;
  /** What the runtime asks of the SQLite store, in exactly-once mode; else null. */
  final CountingStateStore counting;
  private final Path dir;

  private Session(Mode mode, Jointflow jf, SqliteStateStore sqlite, CountingStateStore counting, Path dir) {
    this.mode = mode;
    this.jf = jf;
    this.sqlite = sqlite;
    this.counting = counting;
    this.dir = dir;
  }

  static Session open(Mode mode, BenchConfig config) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(config.tmp()), "jointflow-bench-");
    JointflowOptions options = JointflowOptions.defaults().withHostId("bench");
    Jointflow.Builder b = Jointflow.builder().options(options).blobs("filesystem:" + dir.resolve("blobs"));
    SqliteStateStore sqlite = null;
    CountingStateStore counting = null;
    if (mode == Mode.EXACTLY_ONCE) {
      sqlite = SqliteStateStore.open(dir.resolve("state.db"));
      counting = new CountingStateStore(sqlite);
      b.stateStore(counting);
    }
    return new Session(mode, b.build(), sqlite, counting, dir);
  }

  /** The mode as the YAML spells it. */
  String modeName() {
    return mode.configName();
  }

  Session deploy(App app) {
    jf.deploy(app);
    return this;
  }

  /** Starts a run, waits for it and checks that it succeeded with {@code expected} (if not null). */
  RunInfo runChecked(String app, Map<String, ?> inputs, String expected) {
    RunInfo r = jf.start(app, inputs).await(Duration.ofMinutes(2));
    check(r, expected);
    return r;
  }

  /** Counters at one moment: the process's CPU time and, in exactly-once mode, the store's. */
  record StoreMark(Map<String, CountingStateStore.OpStats> ops, long commits, long writes, long writerCpu,
      long processCpu, long nanoTime) {}

  /** Marks the counters, to describe the activity since then with {@link #activitySince}. */
  StoreMark mark() {
    return sqlite == null ? new StoreMark(Map.of(), 0, 0, 0, processCpu(), System.nanoTime())
        : new StoreMark(counting.snapshot(), sqlite.commits(), sqlite.committedWrites(), writerCpu(), processCpu(),
            System.nanoTime());
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time of the SQLite writer threads alive now (one per open store; only this session's is open). */
  private static long writerCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("jointflow-sqlite-writer")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.threadId()));
      }
    }
    return sum;
  }

  /**
   * The store calls the runtime made since {@code m} and the SQLite transactions they took, per
   * {@code units} of work named {@code unit} (a hop, a step, a run).
   */
  String activitySince(StoreMark m, double units, String unit) {
    long wall = System.nanoTime() - m.nanoTime();
    String process = String.format("%s: process CPU %.1f us per %s, %.2f of %d cores busy", modeName(),
        (processCpu() - m.processCpu()) / 1e3 / units, unit, (processCpu() - m.processCpu()) / (double) wall,
        Runtime.getRuntime().availableProcessors());
    if (sqlite == null) {
      return process;
    }
    long commits = sqlite.commits() - m.commits();
    long writes = sqlite.committedWrites() - m.writes();
    long cpu = writerCpu() - m.writerCpu();
    return process + String.format(". Store calls per %s: %s. SQLite: %.2f writes and %.2f commits per %s"
        + " (%.1f writes per commit); writer thread CPU %.0f us per commit, %.1f us per write, busy on CPU %.0f%%"
        + " of the time", unit,
        CountingStateStore.describe(CountingStateStore.diff(m.ops(), counting.snapshot()), units, unit),
        writes / units, commits / units, unit, writes / (double) Math.max(1, commits),
        cpu / 1e3 / Math.max(1, commits), cpu / 1e3 / Math.max(1, writes), 100.0 * cpu / wall);
  }

  /**
   * What the runtime wrote per unit of work since {@code m}: state operations that write (each
   * operation of a batch counted), write calls (a batch is one: a round trip to a remote store),
   * and SQLite commits.
   */
  record Writes(double operations, double calls, double commits) {}

  Writes writesSince(StoreMark m, double units) {
    long[] w = CountingStateStore.writes(CountingStateStore.diff(m.ops(), counting.snapshot()));
    return new Writes(w[0] / units, w[1] / units, (sqlite.commits() - m.commits()) / units);
  }

  /** Adds the three write measures of {@link #writesSince} to {@code measures}. */
  static void addWrites(List<Measure> measures, String mode, Writes w, String unit) {
    measures.add(Measure.value(mode, "state writes per " + unit + " (operations; a batch counts each)", Unit.COUNT, 1,
        w.operations(), null, Double.NaN));
    measures.add(Measure.value(mode, "store write calls per " + unit + " (a batch is one round trip)", Unit.COUNT, 1,
        w.calls(), null, Double.NaN));
    measures.add(Measure.value(mode, "SQLite commits per " + unit, Unit.COUNT, 1, w.commits(), null, Double.NaN));
  }

  static void check(RunInfo r, String expected) {
    if (r.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("run " + r.runId() + " of app '" + r.app() + "' ended " + r.status()
          + (r.failure() == null ? "" : ": " + r.failure()));
    }
    if (expected != null && !expected.equals(r.resultText())) {
      throw new IllegalStateException("run " + r.runId() + " of app '" + r.app() + "' returned '"
          + r.resultText() + "', expected '" + expected + "'");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      jf.close();
    } finally {
      if (sqlite != null) {
        sqlite.close();
      }
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
