package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.spi.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark {@code stores}: the exactly-once runtime on each durable state store, each against the
 * same store's bare conditional write measured in the same run. Per store: one {@code immediate}
 * hop (sequential runs of {@link HopLatency}'s chain) against one bare put-if-absent; {@value
 * #CLIENTS} concurrent runs of {@link ExactlyOnceThroughput}'s {@value ExactlyOnceThroughput#STEPS}-step
 * chain (a closed loop sized by counts of completed runs) against put-if-absent calls per second
 * from {@value #CLIENTS} writers; and the writes each step makes. Every store is a real server or
 * file started by the benchmark ({@link StoreServers}).
 */
final class StoreComparison implements Benchmark {
  static final int CLIENTS = 64;
  private static final int PARTS = 3;

  @Override
  public String name() {
    return "stores";
  }

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (StoreServers.Candidate c : StoreServers.candidates()) {
      Path dir = Files.createTempDirectory(Files.createDirectories(config.tmp()), "jointflow-bench-" + c.name() + "-");
      try (StoreServers.Opened opened = c.open(dir)) {
        measureStore(c.name(), opened.store(), dir, config.scaled(c.load()), measures, targets, notes);
        notes.add(c.name() + ": " + opened.description() + (c.load() == 1 ? "" : "; run at " + c.load()
            + " of the counts below (it is slow)"));
      } finally {
        StoreServers.deleteTree(dir);
      }
    }
    notes.add("Hop: each run is a chain of " + (HopLatency.HOPS + 1) + " functions; a sample is one hop, from the"
        + " producer's return (after its emit) to the consumer's first line. Throughput: " + CLIENTS + " clients each"
        + " start a run and wait for it, over and over; warm-up and measurement are counts of completed runs, the"
        + " median of " + PARTS + " parts of equal count is reported. Writes per step: state operations that write"
        + " (each operation of a batch counted) and write calls (a batch is one round trip).");
    return new BenchResult(name(), "The exactly-once runtime on each state store against the store's bare"
        + " conditional write", measures, targets, notes, (System.nanoTime() - t0) / 1e9);
  }

  private static void measureStore(String store, StateStore raw, Path dir, BenchConfig config, List<Measure> measures,
      List<Target> targets, List<String> notes) throws Exception {
    Samples bare = Baselines.commit(raw, config.count(200, 10), config.count(2000, 50));
    double barePerSecond = Baselines.commitThroughput(raw, CLIENTS, config.count(3_000, CLIENTS),
        config.count(30_000, 10 * CLIENTS));
    CountingStateStore counting = new CountingStateStore(raw);
    HopLatency.Probe probe = new HopLatency.Probe();
    App hopApp = HopLatency.app(Mode.EXACTLY_ONCE, probe);
    App chain = ExactlyOnceThroughput.app(Mode.EXACTLY_ONCE);
    try (Jointflow jf = Jointflow.builder().options(JointflowOptions.defaults().withHostId("bench-" + store))
        .stateStore(counting).blobs("filesystem:" + dir.resolve("blobs")).build()) {
      jf.deploy(hopApp).deploy(chain);
      int runs = config.count(400, 5);
      long[] hops = new long[runs * HopLatency.HOPS];
      for (int r = -config.count(40, 3); r < runs; r++) {
        probe.start = new long[HopLatency.HOPS + 1];
        probe.end = new long[HopLatency.HOPS + 1];
        Session.check(jf.start(hopApp.name(), Map.of("in", "x")).await(Duration.ofMinutes(2)), "done");
        for (int h = 0; r >= 0 && h < HopLatency.HOPS; h++) {
          hops[r * HopLatency.HOPS + h] = probe.start[h + 1] - probe.end[h];
        }
      }
      Samples hop = Samples.of(hops);
      measures.add(Measure.latency(store, "baseline: bare put-if-absent, one caller", Unit.MICROS, bare, null, null));
      measures.add(Measure.latency(store, "exactly-once hop (producer return -> consumer start)", Unit.MICROS, hop,
          "bare put-if-absent", bare));
      targets.add(Target.atMost(store, "hop p50 / bare put-if-absent p50", Unit.RATIO,
          hop.median() / (double) bare.median(), 1.3));

      Throughput t = throughput(jf, chain.name(), counting, config.count(2_000, CLIENTS), config.count(2_000, CLIENTS));
      measures.add(Measure.value(store, "baseline: bare put-if-absent/s, " + CLIENTS + " writers", Unit.PER_SECOND, 1,
          barePerSecond, null, Double.NaN));
      measures.add(Measure.value(store, "checkpointed steps/s, " + CLIENTS + " concurrent runs", Unit.PER_SECOND, PARTS,
          t.stepsPerSecond(), "bare put-if-absent/s", barePerSecond));
      targets.add(Target.atLeast(store, "checkpointed steps/s / bare put-if-absent/s", Unit.RATIO,
          t.stepsPerSecond() / barePerSecond, 0.35));
      measures.add(Measure.value(store, "state writes per step (operations; a batch counts each)", Unit.COUNT, 1,
          t.writes()[0], null, Double.NaN));
      measures.add(Measure.value(store, "store write calls per step (a batch is one round trip)", Unit.COUNT, 1,
          t.writes()[1], null, Double.NaN));
      notes.add(store + ": throughput parts (steps/s) " + Arrays.toString(Arrays.stream(t.parts()).mapToLong(Math::round)
          .toArray()) + "; store calls per step: " + t.calls());
    }
  }

  private record Throughput(double stepsPerSecond, double[] parts, double[] writes, String calls) {}

  private static Throughput throughput(Jointflow jf, String app, CountingStateStore counting, int warmup, int perPart)
      throws Exception {
    int steps = ExactlyOnceThroughput.STEPS;
    Map<String, CountingStateStore.OpStats>[] marks = newMarks();
    Completions done = new Completions(warmup, PARTS, perPart, () -> marks[0] = counting.snapshot(),
        () -> marks[1] = counting.snapshot());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < CLIENTS; c++) {
        clients.execute(() -> {
          try {
            while (!done.done() && failure.get() == null) {
              long t = System.nanoTime();
              RunInfo r = jf.start(app, Map.of("in", "x")).await(Duration.ofMinutes(2));
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
    double[] parts = done.partRates(steps);
    double[] sorted = parts.clone();
    Arrays.sort(sorted);
    double units = done.measured() * (double) steps;
    var ops = CountingStateStore.diff(marks[0], marks[1]);
    long[] w = CountingStateStore.writes(ops);
    return new Throughput(sorted[sorted.length / 2], parts, new double[] {w[0] / units, w[1] / units},
        CountingStateStore.describe(ops, units, "step"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, CountingStateStore.OpStats>[] newMarks() {
    return new Map[2];
  }
}
