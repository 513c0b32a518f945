package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.Obj;
import io.jointflow.spi.Entry;
import io.jointflow.spi.StateStore;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * One app across two clouds in one process, each cloud with its own state and blob stores: the
 * records land where the placement rule says, the result is the embedded one, an outage moves
 * work to the failover cloud and traffic returns when the primary recovers.
 */
class MultiCloudTest {
  private final Map<String, Integer> effects = new ConcurrentHashMap<>();

  /** split (aws) fans out to n squares (ali, failing over to aws), summed by join (aws). */
  private App app(String... workPlacement) {
    return App.builder("mc").placement("aws")
        .function("split", c -> {
          int n = Integer.parseInt(c.input().text());
          for (int i = 0; i < n; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          return c.emit("results", "ctrl", n);
        }, "work", "results")
        .functionSpec("square", f -> f.outputs("results").placement(workPlacement).handler(c -> {
          effects.merge(c.instanceId(), 1, Integer::sum);
          int i = Integer.parseInt(c.input().text());
          return c.emit("results", "r" + i, String.valueOf(i * i));
        }))
        .function("join", c -> {
          long sum = 0;
          for (Obj o : c.inputs()) {
            sum += Long.parseLong(o.text());
          }
          return sum;
        })
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", Trigger.dynamicJoin(), "join"))
        .build();
  }

  private record Clouds(StateStore aws, StateStore ali, Jointflow jf) implements AutoCloseable {
    @Override
    public void close() {
      jf.close();
    }
  }

  private static Clouds clouds(ManualEnvironment env, Emulation emulation) {
    return clouds(env, emulation, RuntimeObserver.NONE);
  }

  private static Clouds clouds(ManualEnvironment env, Emulation emulation, RuntimeObserver observer) {
    StateStore aws = MemoryStateStore.create();
    StateStore ali = MemoryStateStore.create();
    Jointflow jf = Jointflow.builder().environment(env)
        .cloud("aws", aws, FileBlobStore.open(Harness.tempDir()))
        .cloud("ali", ali, FileBlobStore.open(Harness.tempDir()))
        .emulation(emulation)
        .options(JointflowOptions.defaults().withHostId("h1"))
        .observer(observer)
        .build();
    return new Clouds(aws, ali, jf);
  }

  private static Map<String, String> ranOn(StateStore store, String runId) {
    Map<String, String> out = new HashMap<>();
    for (Entry e : store.scan(Keys.outputs("mc", runId), null, 1000)) {
      Records.OutputRecord r = Json.read(e.value().value(), Records.OutputRecord.class);
      out.merge(r.function(), r.cloud(), (a, b) -> a.equals(b) ? a : a + "+" + b);
    }
    return out;
  }

  @Test
  void recordsLiveInTheCloudsThePlacementRuleNames() {
    try (ManualEnvironment env = ManualEnvironment.direct(1); Clouds c = clouds(env, Emulation.none())) {
      c.jf().deploy(app("ali"));
      RunInfo r = c.jf().start("mc", "run-1", Map.of("n", "4")).await(Await.HANG_GUARD);

      assertThat(r.status()).as("%s", r.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo("14");
      assertThat(ranOn(c.aws(), "run-1")).isEqualTo(Map.of("split", "aws", "join", "aws"));
      assertThat(ranOn(c.ali(), "run-1")).isEqualTo(Map.of("square", "ali"));
      assertThat(c.aws().get(Keys.run("run-1"))).as("run record with the entry").isPresent();
      assertThat(c.ali().get(Keys.run("run-1"))).isEmpty();
      // The join's producers are the squares (ali) and split (aws): a tie goes to the join's cloud.
      assertThat(c.aws().members(Keys.triggerState("mc", "run-1", "results", "t", false), 0, 10)).hasSize(5);
      assertThat(c.aws().scan("pending/", null, 10)).isEmpty();
      assertThat(c.ali().scan("pending/", null, 10)).isEmpty();
      assertThat(c.jf().run("run-1").info().functions()).extracting(FunctionSummary::instances)
          .containsExactly(1L, 4L, 1L);
    }
  }

  @Test
  void anOutageMovesWorkToTheFailoverCloudAndTrafficReturnsWhenItEnds() {
    Emulation outage = Emulation.builder().latency("aws", "ali", Duration.ofMillis(15))
        .outage("ali", Duration.ZERO, Duration.ofSeconds(10)).build();
    RecordingObserver seen = new RecordingObserver();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(2); Clouds c = clouds(env, outage, seen)) {
      c.jf().deploy(app("ali", "aws"));
      RunInfo during = run(c.jf(), env, "during");
      assertThat(during.resultText()).isEqualTo("14");
      // The squares ran on aws; their records stay in their home cloud's store (ali's store is up).
      assertThat(ranOn(c.ali(), "during")).isEqualTo(Map.of("square", "aws"));
      assertThat(c.jf().failoverCount()).isGreaterThanOrEqualTo(4);
      assertThat(seen.failovers).as("the observer hears each failover").containsOnlyKeys("square/ali/aws");
      assertThat(seen.count(seen.failovers, "square/ali/aws")).isEqualTo(c.jf().failoverCount());
      assertThat(seen.count(seen.started, "square/aws")).isEqualTo(4);

      env.advance(Duration.ofSeconds(20)); // the outage ended, and the breaker's wait too
      for (int i = 0; i < 3; i++) {
        run(c.jf(), env, "after-" + i);
      }
      assertThat(ranOn(c.ali(), "after-2")).as("fail-back").isEqualTo(Map.of("square", "ali"));
    }
    assertThat(effects).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  /** Starts a run and moves the manual clock until it ends. */
  private static RunInfo run(Jointflow jf, ManualEnvironment env, String runId) {
    RunHandle h = jf.start("mc", runId, Map.of("n", "4"));
    for (int i = 0; i < 100_000 && !h.status().terminal(); i++) {
      env.advance(Duration.ofMillis(1));
      Thread.onSpinWait();
    }
    RunInfo info = h.await(Await.HANG_GUARD);
    assertThat(info.status()).as("%s: %s", runId, info.failure()).isEqualTo(RunStatus.SUCCEEDED);
    settle(env);
    return info;
  }

  /** Moves the clock a little more, so that steps still waiting for acknowledgements finish. */
  private static void settle(ManualEnvironment env) {
    for (int i = 0; i < 200; i++) {
      env.advance(Duration.ofMillis(1));
      Thread.onSpinWait();
    }
  }

  @Test
  void theSameAppGivesTheSameResultEmbeddedAndAcrossTwoEmulatedClouds() {
    List<String> results = new java.util.ArrayList<>();
    try (Harness h = Harness.direct(3).deploy(app())) {
      results.add(h.run("mc", Map.of("n", "6")).resultText());
    }
    Emulation net = Emulation.builder().latency("aws", "ali", Duration.ofMillis(15)).latency("aws", "aws",
        Duration.ofMillis(1)).latency("ali", "ali", Duration.ofMillis(1)).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(4); Clouds c = clouds(env, net)) {
      c.jf().deploy(app("ali"));
      RunHandle run = c.jf().start("mc", "x", Map.of("n", "6"));
      long start = env.nanoTime();
      for (int i = 0; i < 100_000 && !run.status().terminal(); i++) {
        env.advance(Duration.ofMillis(1));
        Thread.onSpinWait();
      }
      results.add(run.await(Await.HANG_GUARD).resultText());
      settle(env);
      // split -> square crosses once each way, so the run took at least two one-way delays of emulated time
      assertThat(Duration.ofNanos(env.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }
    assertThat(results).containsExactly("55", "55");
  }
}
