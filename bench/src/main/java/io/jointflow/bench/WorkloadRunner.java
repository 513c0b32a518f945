package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.FunctionSpec;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.core.Emulation;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.RuntimeObserver;
import io.jointflow.core.Span;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.examples.workloads.Workload;
import io.jointflow.peers.Invocation;
import io.jointflow.peers.TemporalPeer;
import io.jointflow.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a workload's app on both systems, one run at a time: Jointflow (exactly-once, each cloud's
 * records on a redis-server of its own, the clouds of {@code examples/workloads/clouds.yaml}
 * emulated in this process) and the centralized peer (Temporal's test server, orchestrator in
 * {@code aws}), and measures each run's makespan and cost.
 */
final class WorkloadRunner implements AutoCloseable {
  /** One measured run. */
  record Run(long makespanNanos, long untilAwaitNanos, Cost cost, List<Step> steps, String result, long crossStoreCalls) {}

  /** One function instance of a run: where it ran, how long, the bytes it read and wrote. */
  record Step(String function, String cloud, long handlerNanos, long bytesIn, long bytesOut) {}

  /**
   * What one run cost, USD.
   *
   * @param functions execution and requests of the handlers
   * @param runtime execution time functions spend in the function-side runtime waiting for store
   *     round trips and invocation acceptances (Jointflow only; estimated from counts, see the notes)
   * @param datastore store reads and writes (Jointflow only)
   * @param transitions state transitions a managed orchestrator would bill (the peer only)
   */
  record Cost(double functions, double runtime, double datastore, double transitions) {}

  private final Clouds clouds;
  private final WorkloadCost prices;
  private final Jointflow jf;
  private final TemporalPeer peer;
  private final List<AutoCloseable> owned;
  private final Path dir;
  private final Counter counter;

  /**
   * Counts store calls, and those that steps made to another cloud's store (each a cross-cloud
   * round trip, as the emulation applied it), and notes when the watched function's handler ends;
   * runs are sequential.
   */
  static final class Counter implements RuntimeObserver {
    final AtomicLong crossStore = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    volatile String watched;
    volatile long ended;

    void reset(String resultFunction) {
      crossStore.set(0);
      reads.set(0);
      writes.set(0);
      batches.set(0);
      watched = resultFunction;
      ended = 0;
    }

    @Override
    public void handlerEnded(String app, String function, String cloud, Outcome outcome, long nanos, long bytesIn,
        long bytesOut) {
      if (function.equals(watched) && outcome == Outcome.SUCCEEDED) {
        ended = System.nanoTime();
      }
    }

    void applied(Emulation.Applied a) {
      if (a.effect() == Emulation.Effect.STORE_CALL && a.caller() != null && !a.from().equals(a.to())) {
        crossStore.incrementAndGet();
      }
    }

    @Override
    public void storeCalled(String cloud, StoreCall kind) {
      (switch (kind) {
        case READ -> reads;
        case WRITE -> writes;
        case BATCH -> batches;
      }).incrementAndGet();
    }
  }

  private WorkloadRunner(Clouds clouds, Jointflow jf, TemporalPeer peer, Counter counter, List<AutoCloseable> owned,
      Path dir) {
    this.clouds = clouds;
    this.prices = new WorkloadCost(clouds);
    this.jf = jf;
    this.peer = peer;
    this.counter = counter;
    this.owned = owned;
    this.dir = dir;
  }

  /** Starts a redis-server per cloud, Jointflow on them, and the peer. */
  static WorkloadRunner open(BenchConfig config) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(config.tmp()), "jointflow-bench-");
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      Clouds file = CloudsDefinitions.load(config.examples().resolve(Workload.CLOUDS).toAbsolutePath());
      Map<String, CloudSpec> onRedis = new LinkedHashMap<>();
      for (CloudSpec c : file.clouds().values()) {
        RedisServer redis;
        try {
          redis = RedisServer.start();
        } catch (IllegalStateException e) {
          throw new IllegalStateException("benchmark 'workloads' keeps each cloud's records on a redis-server of its own"
              + " and starts them itself, but cannot: " + e.getMessage() + " (install: apt-get install -y redis-server)", e);
        }
        owned.add(redis);
        onRedis.put(c.name(), new CloudSpec(c.name(), c.compute(), redis.uri(),
            "filesystem:" + dir.resolve("blobs-" + c.name()), c.prices(), c.limits(), c.profiles()));
      }
      Clouds clouds = new Clouds(onRedis, file.network(), file.faults(), file.signing());
      Counter counter = new Counter();
      Jointflow jf = Jointflow.builder().clouds(clouds).observer(counter).emulationObserver(counter::applied)
          .classLoader(WorkloadRunner.class.getClassLoader()).build();
      owned.add(jf);
      TemporalPeer peer = TemporalPeer.start(file, "aws", WorkloadRunner.class.getClassLoader());
      owned.add(peer);
      return new WorkloadRunner(clouds, jf, peer, counter, owned, dir);
    } catch (RuntimeException e) {
      closeAll(owned);
      deleteTree(dir);
      throw e;
    }
  }

  void deploy(App app) {
    jf.deploy(app);
  }

  /** One run on Jointflow; fails if the run did not succeed. */
  Run jointflow(App app, Map<String, Object> inputs) {
    counter.reset(app.result());
    long t0 = System.nanoTime();
    RunHandle h = jf.start(app.name(), inputs);
    RunInfo info = h.await(Duration.ofMinutes(5));
    long untilAwait = System.nanoTime() - t0;
    if (info.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("run of '" + app.name() + "' on Jointflow ended " + info.status() + ": " + info.failure());
    }
    long makespan = counter.ended - t0;
    long reads = counter.reads.get();
    long writes = counter.writes.get();
    List<Span> spans = h.spans();
    List<Step> steps = new ArrayList<>();
    double fn = 0;
    double runtime = 0;
    long batchOps = 0;
    double storeCalls = reads + writes + counter.batches.get();
    for (Span s : spans) {
      FunctionSpec f = app.function(s.function());
      steps.add(new Step(s.function(), s.cloud(), s.handler().toNanos(), s.bytesIn(), s.bytesOut()));
      fn += prices.invocation(s.cloud(), f.profile(), s.handler());
      batchOps += s.storeWrites();
      // Time this instance waits inside the runtime: its share of the run's store calls (a round trip
      // inside its cloud each) and, for each instance it invokes, the acceptance (a round trip to
      // that cloud), billed at its size.
      Duration waits = inside(s.cloud()).multipliedBy(2).multipliedBy(Math.round(storeCalls / spans.size()));
      runtime += prices.execution(s.cloud(), f.profile(), waits);
    }
    for (Span s : spans) {
      String producer = producerCloud(app, s.function());
      if (producer != null) {
        runtime += prices.execution(producer, null, clouds.link(producer, s.cloud()).latency().multipliedBy(2));
      }
    }
    double datastore = prices.datastore("aws", reads, writes + batchOps);
    return new Run(makespan, untilAwait, new Cost(fn, runtime, datastore, 0), steps, info.resultText(),
        counter.crossStore.get());
  }

  /** One run on the centralized peer. */
  Run peer(App app, Map<String, Object> inputs) {
    TemporalPeer.PeerRun r = peer.run(app, inputs);
    long ended = r.invocations().stream().filter(i -> i.function().equals(app.result()))
        .mapToLong(Invocation::endedNanos).max().orElseThrow();
    List<Step> steps = new ArrayList<>();
    double fn = 0;
    for (Invocation i : r.invocations()) {
      steps.add(new Step(i.function(), i.cloud(), i.handlerNanos(), i.bytesIn(), i.bytesOut()));
      fn += prices.invocation(i.cloud(), app.function(i.function()).profile(), Duration.ofNanos(i.handlerNanos()));
    }
    long joins = app.buckets().values().stream().flatMap(b -> b.triggers().stream())
        .filter(t -> t.type() instanceof io.jointflow.app.Trigger.DynamicJoin).count();
    // Step Functions-like: one transition per task state entered, one per join, start and end.
    double transitions = r.invocations().size() + joins + 2;
    return new Run(ended - r.startedNanos(), r.makespanNanos(), new Cost(fn, 0, 0, transitions), steps, r.resultText(),
        0);
  }

  /** The cloud of the function whose objects invoke {@code function}, or null for the entry. */
  private static String producerCloud(App app, String function) {
    for (var b : app.buckets().values()) {
      for (var t : b.triggers()) {
        if (t.target().equals(function)) {
          for (FunctionSpec f : app.functions().values()) {
            if (f.outputs().contains(b.name())) {
              return f.placement().get(0);
            }
          }
        }
      }
    }
    return null;
  }

  private Duration inside(String cloud) {
    return clouds.link(cloud, cloud).latency();
  }

  @Override
  public void close() throws IOException {
    closeAll(owned);
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void closeAll(List<AutoCloseable> owned) {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        System.getLogger(WorkloadRunner.class.getName()).log(System.Logger.Level.WARNING, "close failed", e);
      }
    }
  }
}
