package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.spi.StateStore;
import io.jointflow.testkit.ManualEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A fan-out wider than one batch is recorded in several (the first with the checkpoint and the
 * max-fires counter); a host that dies after any of them, or right after the first successors
 * ran, is replaced by another, and every successor still runs exactly once and counts once.
 */
class WideFanOutCrashTest {
  private static final int WIDTH = 300;
  private static final Duration LEASE = Duration.ofSeconds(1);

  private final Map<String, Integer> effects = new ConcurrentHashMap<>();

  private App app() {
    return App.builder("wide").entry("fan")
        .function("fan", c -> {
          for (int i = 0; i < WIDTH; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          return null;
        }, "work")
        .function("work", c -> {
          effects.merge(c.instanceId(), 1, Integer::sum);
          return c.emit("done", c.input().key(), c.input().text());
        }, "done")
        .function("join", c -> c.inputs().stream().mapToLong(o -> Long.parseLong(o.text())).sum())
        .bucket("work", b -> b.trigger("each", t -> t.target("work").immediate().maxFires(WIDTH)))
        .bucket("done", b -> b.trigger("all", Trigger.byBatchSize(WIDTH), "join"))
        .build();
  }

  private Jointflow host(String id, ManualEnvironment env, StateStore store) {
    return Jointflow.builder().environment(env).stateStore(store).blobStore(FileBlobStore.open(Harness.tempDir()))
        .options(JointflowOptions.defaults().withHostId(id).withRecovery(Duration.ofMillis(100), LEASE)).build();
  }

  /** Positions (1-based) in a clean run's operation log of the fan step's batches that record firings. */
  private List<Long> fanBatches() {
    CrashingStateStore counting = new CrashingStateStore(MemoryStateStore.create(), Long.MAX_VALUE);
    try (ManualEnvironment env = ManualEnvironment.direct(1); Jointflow jf = host("h1", env, counting)) {
      jf.deploy(app());
      assertThat(jf.start("wide", "run-1", Map.of("in", "x")).await(Duration.ofMinutes(5)).status())
          .isEqualTo(RunStatus.SUCCEEDED);
    }
    effects.clear();
    List<String> log = counting.log();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      String op = log.get(i);
      if (op.startsWith("writeBatch ") && op.contains(" pending/wide/run-1/work-") || op.startsWith("writeBatch pending/wide/run-1/fan-")) {
        out.add(i + 1L);
      }
    }
    return out;
  }

  @Test
  void aHostDyingBetweenTheBatchesOfAWideFanOutLosesAndDuplicatesNothing() {
    List<Long> batches = fanBatches();
    assertThat(batches).as("the fan step's batches: the first, the rest of the firings, its own record").hasSizeGreaterThan(2);
    List<Long> crashPoints = new ArrayList<>();
    for (long b : batches) {
      crashPoints.add(b);      // right after the batch
      crashPoints.add(b + 1);  // and one operation later (a successor may have started)
    }
    crashPoints.add(batches.getFirst() - 1); // just before the first
    for (long k : crashPoints) {
      effects.clear();
      StateStore mem = MemoryStateStore.create();
      CrashingStateStore crashing = new CrashingStateStore(mem, k);
      try (ManualEnvironment env1 = ManualEnvironment.direct(2); Jointflow first = host("h1", env1, crashing)) {
        first.deploy(app());
        try {
          first.start("wide", "run-1", Map.of("in", "x"));
        } catch (CrashingStateStore.InjectedCrash expected) {
          // the first host died here
        }
        assertThat(crashing.dead()).as("crash after operation %d", k).isTrue();
      } catch (CrashingStateStore.InjectedCrash alsoOnClose) {
        // closing the dead host touches the store too
      }
      try (ManualEnvironment env2 = ManualEnvironment.direct(3); Jointflow second = host("h2", env2, mem)) {
        second.deploy(app());
        second.start("wide", "run-1", Map.of("in", "x"));
        env2.advance(LEASE.plusMillis(1));
        RunHandle run = second.run("run-1");
        for (int i = 0; i < 50 && !run.status().terminal(); i++) {
          env2.advance(Duration.ofMillis(100));
        }
        RunInfo info = run.info();
        assertThat(info.status()).as("crash after operation %d: %s", k, info.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(info.resultText()).isEqualTo(String.valueOf((long) WIDTH * (WIDTH - 1) / 2));
      }
      assertThat(effects).as("crash after operation %d: each work instance ran once", k).hasSize(WIDTH)
          .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }
  }
}
