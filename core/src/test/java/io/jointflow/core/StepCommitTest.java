package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What one step writes to the state store, and when: one batch per step, bounds checked atomically. */
class StepCommitTest {
  private static final List<String> WRITES = List.of("putIfAbsent", "compareAndSet", "delete", "deletePrefix",
      "addToSet", "increment", "append", "writeBatch", "removeFromSet");

  private static App chain(int steps) {
    App.Builder b = App.builder("chain");
    for (int i = 0; i < steps; i++) {
      int step = i;
      boolean last = i == steps - 1;
      b.function("f" + i, c -> last ? c.input().text() + "!" : c.emit("b" + step, c.input().text()),
          last ? new String[0] : new String[] {"b" + i});
      if (!last) {
        b.bucket("b" + i, k -> k.trigger("t", Trigger.immediate(), "f" + (step + 1)));
      }
    }
    return b.build();
  }

  private static Jointflow host(ManualEnvironment env, CrashingStateStore store) {
    return Jointflow.builder().environment(env).stateStore(store).blobStore(FileBlobStore.open(Harness.tempDir()))
        .options(JointflowOptions.defaults().withHostId("h1")).build();
  }

  @Test
  void eachStepOfAChainWritesItsRecordsInOneBatch() {
    int steps = 6;
    CrashingStateStore store = new CrashingStateStore(MemoryStateStore.create(), Long.MAX_VALUE);
    try (ManualEnvironment env = ManualEnvironment.direct(3); Jointflow jf = host(env, store)) {
      jf.deploy(chain(steps));
      RunInfo r = jf.start("chain", "run-1", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(r.resultText()).isEqualTo("x!");
    }
    List<String> writes = store.log().stream().filter(l -> WRITES.contains(l.split(" ")[0]))
        .filter(l -> !l.contains(" hosts/")).toList();
    List<String> batches = writes.stream().filter(l -> l.startsWith("writeBatch ")).toList();
    assertThat(batches).as("one batch to start the run, then one per step").hasSize(1 + steps);
    assertThat(batches.getFirst()).as("the run's record and its entry's pending record")
        .isEqualTo("writeBatch runs/run-1 " + batches.getFirst().split(" ")[2]).contains(" pending/chain/run-1/");
    for (String batch : batches.subList(1, steps)) {
      assertThat(batch.split(" ")).as(batch).hasSize(4)
          .anyMatch(k -> k.startsWith("r/chain/run-1/out/")).anyMatch(k -> k.startsWith("pending/chain/run-1/"));
    }
    assertThat(batches.getLast()).as("the result step completes the run in its batch")
        .contains(" runs/run-1").contains(" gc/").contains(" r/chain/run-1/out/f" + (steps - 1));
    assertThat(writes).as("every write: the start's batch, a batch per step, and the run's leftover pending"
        + " records").hasSize(1 + steps + 1);
    assertThat(store.log().stream().filter(l -> l.startsWith("get r/chain/run-1/out/")))
        .as("no step reads its checkpoint: each was recorded by the batch that made its producer's, the entry by"
            + " the batch that made its run's record").isEmpty();
    assertThat(writes.getLast()).startsWith("deletePrefix pending/chain/run-1/");
  }

  @Test
  void aFanInsTargetRecordedByItsLastArrivalSkipsItsCheckpointReadToo() {
    App fan = App.builder("fan")
        .function("split", c -> {
          for (int i = 0; i < 3; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          return null;
        }, "work")
        .function("square", c -> {
          int n = Integer.parseInt(c.input().text());
          return c.emit("results", "r" + n, String.valueOf(n * n));
        }, "results")
        .function("join", c -> c.inputs().stream().mapToInt(o -> Integer.parseInt(o.text())).sum())
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", Trigger.bySet("r0", "r1", "r2"), "join"))
        .build();
    CrashingStateStore store = new CrashingStateStore(MemoryStateStore.create(), Long.MAX_VALUE);
    try (ManualEnvironment env = ManualEnvironment.direct(3); Jointflow jf = host(env, store)) {
      jf.deploy(fan);
      assertThat(jf.start("fan", "run-1", Map.of("in", "x")).await(Await.HANG_GUARD).resultText()).isEqualTo("5");
    }
    assertThat(store.log().stream().filter(l -> l.startsWith("writeBatch ") && l.contains(" pending/fan/run-1/")))
        .as("the join's pending record was written by a batch").isNotEmpty();
    assertThat(store.log().stream().filter(l -> l.startsWith("get r/fan/run-1/out/")))
        .as("neither the squares (recorded with split's checkpoint) nor the join (recorded by the batch after the"
            + " arrival that completed its set) reads its checkpoint").isEmpty();
  }

  @Test
  void theInstancesAHostRemembersAsFreshAreBoundedAndTheNewestAreKept() {
    CrashingStateStore store = new CrashingStateStore(MemoryStateStore.create(), Long.MAX_VALUE);
    try (ManualEnvironment env = ManualEnvironment.direct(1); Jointflow jf = host(env, store)) {
      // Instances invoked in another process (a worker cloud) never come back to be removed.
      for (int i = 0; i < Host.FRESH_LIMIT + 1000; i++) {
        jf.host().fresh().add("i" + i);
      }
      assertThat(jf.host().fresh()).hasSize(Host.FRESH_LIMIT).contains("i" + (Host.FRESH_LIMIT + 999))
          .doesNotContain("i0", "i999");
    }
  }

  @Test
  void aLongLoopKeepsOnlyThePendingRecordsOfStepsInFlight() {
    List<Integer> pendingSeen = new ArrayList<>();
    MemoryStateStore store = MemoryStateStore.create();
    App app = App.builder("loop").entry("inc")
        .function("inc", c -> {
          pendingSeen.add(store.scan(Keys.pendingOfRun("loop", c.runId()), null, 1000).size());
          int n = Integer.parseInt(c.input().text()) + 1;
          return c.emit("next", null, String.valueOf(n), Map.of("n", String.valueOf(n)));
        }, "next")
        .function("done", c -> c.input().text())
        .bucket("next", b -> b
            .trigger("again", t -> t.target("inc").immediate().when("meta.n < 200").maxFires(500))
            .trigger("exit", t -> t.target("done").immediate().when("meta.n >= 200")))
        .build();
    try (ManualEnvironment env = ManualEnvironment.direct(5);
        Jointflow jf = Jointflow.builder().environment(env).stateStore(store).blobStore(FileBlobStore.open(Harness.tempDir()))
            .build()) {
      jf.deploy(app);
      assertThat(jf.start("loop", Map.of("n", "0")).await(Await.HANG_GUARD).resultText()).isEqualTo("200");
    }
    assertThat(pendingSeen).hasSize(200).containsOnly(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aStepThatWouldExceedMaxFiresRunsNoneOfItsFirings(Mode mode) {
    for (boolean concurrent : new boolean[] {false, true}) {
      AtomicInteger ran = new AtomicInteger();
      App app = App.builder("burst").mode(mode).entry("fan")
          .function("fan", c -> {
            for (int i = 0; i < 8; i++) {
              c.emit("work", "w" + i, "x");
            }
            return null;
          }, "work")
          .function("work", c -> ran.incrementAndGet())
          .bucket("work", b -> b.trigger("each", t -> t.target("work").immediate().maxFires(5)))
          .build();
      try (Harness h = (concurrent ? Harness.concurrent(7) : Harness.direct(7)).deploy(app)) {
        RunInfo r = h.run("burst", Map.of("in", "x"));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure()).contains("trigger 'each' on bucket 'work' would fire more than max-fires=5 times",
            "none of this step's firings ran");
        h.env.advance(Duration.ofMinutes(10));
        assertThat(ran.get()).as("%s, %s", mode, concurrent ? "concurrent" : "direct").isZero();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 8})
  void aStepWithinItsBoundRunsAllItsFirings(int maxFires) {
    AtomicInteger ran = new AtomicInteger();
    App app = App.builder("burst").entry("fan")
        .function("fan", c -> {
          for (int i = 0; i < 4; i++) {
            c.emit("work", "w" + i, "x");
          }
          return null;
        }, "work")
        .function("work", c -> ran.incrementAndGet() > 0 ? c.emit("done", c.input().key(), "y") : null, "done")
        .function("join", c -> c.inputs().size())
        .bucket("work", b -> b.trigger("each", t -> t.target("work").immediate().maxFires(maxFires)))
        .bucket("done", b -> b.trigger("all", Trigger.byBatchSize(4), "join"))
        .build();
    try (Harness h = Harness.concurrent(9).deploy(app)) {
      assertThat(h.run("burst", Map.of("in", "x")).resultText()).isEqualTo("4");
      assertThat(ran.get()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void raisingTheBoundAndResumingRunsTheStepThatExceededIt(boolean viaFanIn) {
    AtomicInteger ran = new AtomicInteger();
    java.util.function.IntFunction<App> app = bound -> App.builder("burst").entry("fan")
        .function("fan", c -> {
          for (int i = 0; i < 8; i++) {
            c.emit("work", "w" + i, "x");
          }
          return null;
        }, "work")
        .function("work", c -> {
          ran.incrementAndGet();
          return c.emit("done", c.input().key(), "y");
        }, "done")
        .function("join", c -> c.inputs().size())
        .bucket("work", b -> b.trigger("each", t -> (viaFanIn ? t.type(Trigger.byBatchSize(1)) : t.immediate())
            .target("work").maxFires(bound)))
        .bucket("done", b -> b.trigger("all", Trigger.byBatchSize(8), "join"))
        .build();
    try (Harness h = Harness.direct(12).deploy(app.apply(5))) {
      RunInfo failed = h.run("burst", Map.of("in", "x"));
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(ran.get()).isZero();

      h.jf.deploy(app.apply(8));
      RunInfo resumed = h.jf.resume(failed.runId()).await(Await.HANG_GUARD);
      assertThat(resumed.status()).as("%s", resumed.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(resumed.resultText()).isEqualTo("8");
      assertThat(ran.get()).isEqualTo(8);
    }
  }
}
