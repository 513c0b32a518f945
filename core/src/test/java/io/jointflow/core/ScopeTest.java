package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.function.Obj;
import io.jointflow.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Run scope never mixes concurrent runs; global scope batches across runs. */
class ScopeTest {

  private static String ids(List<Obj> objs) {
    return String.join(",", objs.stream().map(o -> o.runId().substring(0, 2) + ":" + o.key()).sorted().toList());
  }

  static Stream<Arguments> fanIns() {
    List<Arguments> all = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      all.add(Arguments.of(mode, Trigger.byBatchSize(4)));
      all.add(Arguments.of(mode, Trigger.bySet("k0", "k1", "k2", "k3")));
      all.add(Arguments.of(mode, Trigger.dynamicJoin()));
      all.add(Arguments.of(mode, Trigger.redundant(4, 4)));
      all.add(Arguments.of(mode, Trigger.dynamicGroup(List.of("ctrl"))));
    }
    return all.stream();
  }

  /** 24 concurrent runs emit into the same run-scoped trigger; each fan-in sees only its own run's objects. */
  @ParameterizedTest
  @MethodSource("fanIns")
  void concurrentRunsNeverMixRunScopedState(Mode mode, Trigger fanIn) {
    boolean group = fanIn instanceof Trigger.DynamicGroup;
    App app = App.builder("iso").mode(mode)
        .function("emit", c -> {
          String tag = c.input().text();
          for (int i = 0; i < 4; i++) {
            c.emit("items", group ? "g:k" + i : "k" + i, tag);
          }
          c.emit("items", "ctrl", group ? "done" : "4");
          return null;
        }, "items")
        .function("join", c -> String.join(",", c.inputs().stream().map(Obj::text).sorted().toList()))
        .bucket("items", b -> b.trigger("t", fanIn, "join"))
        .build();
    try (Harness h = Harness.concurrent(21).deploy(app)) {
      List<RunHandle> runs = new ArrayList<>();
      for (int r = 0; r < 24; r++) {
        runs.add(h.jf.start("iso", Map.of("tag", "t" + r)));
      }
      for (int r = 0; r < 24; r++) {
        RunInfo info = runs.get(r).await(Await.HANG_GUARD);
        assertThat(info.status()).as("run %d", r).isEqualTo(RunStatus.SUCCEEDED);
        String t = "t" + r;
        assertThat(info.resultText()).as("run %d", r).isEqualTo(String.join(",", t, t, t, t));
      }
    }
  }

  /** Builds an app whose runs each emit {@code perRun} objects into a global trigger and finish on their own. */
  private static App globalApp(Mode mode, Trigger trigger, Queue<String> fired, String... keys) {
    return App.builder("glob").mode(mode)
        .function("emit", c -> {
          for (String k : c.input().text().split(" ")) {
            if (!k.isEmpty()) {
              c.emit("items", k, k.equals("ctrl") ? "2" : "v");
            }
          }
          c.emit("fin", "done");
          return null;
        }, "items", "fin")
        .function("batch", c -> {
          fired.add(ids(c.inputs()));
          return null;
        })
        .function("finish", c -> "ok")
        .result("finish")
        .bucket("items", b -> b.trigger("t", t -> t.type(trigger).target("batch").global()))
        .bucket("fin", b -> b.trigger("t", Trigger.immediate(), "finish"))
        .build();
  }

  private static void runAll(Harness h, String... inputs) {
    runFrom(h, 0, inputs);
  }

  private static void runFrom(Harness h, int first, String... inputs) {
    int i = first;
    for (String in : inputs) {
      RunInfo r = h.jf.start("glob", "r" + i++ + "-x", Map.of("keys", in)).await(Await.HANG_GUARD);
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalByBatchSizeBatchesAcrossRuns(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(31).deploy(globalApp(mode, Trigger.byBatchSize(3), fired))) {
      runAll(h, "a b", "a b", "a b");
      assertThat(fired).containsExactly("r0:a,r0:b,r1:a", "r1:b,r2:a,r2:b");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalRedundantTakesTheFirstKOfEachRoundOfN(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(32).deploy(globalApp(mode, Trigger.redundant(2, 3), fired))) {
      runAll(h, "v", "v", "v", "v", "v");
      assertThat(fired).containsExactly("r0:v,r1:v", "r3:v,r4:v");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalBySetCompletesASetFromSeveralRunsInRounds(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(33).deploy(globalApp(mode, Trigger.bySet("a", "b"), fired))) {
      runAll(h, "a", "a", "b", "b");
      assertThat(fired).containsExactly("r0:a,r2:b", "r1:a,r3:b");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalDynamicJoinTakesTheAnnouncedNumberOfBranchesAcrossRuns(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(34).deploy(globalApp(mode, Trigger.dynamicJoin(), fired))) {
      runAll(h, "x ctrl", "y", "z", "ctrl w");
      assertThat(fired).containsExactly("r0:x,r1:y", "r2:z,r3:w");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalDynamicGroupGroupsTheDataOfTheRoundsControlProducers(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(35).deploy(
        globalApp(mode, Trigger.dynamicGroup(List.of("c0", "c1")), fired))) {
      runAll(h, "g1:x c0", "g1:y g2:z c1");
      assertThat(fired).containsExactlyInAnyOrder("r0:g1:x,r1:g1:y", "r1:g2:z");
    }
  }

  /** A producer's data that arrives after a round took that producer's data fails its run. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalDynamicGroupFailsTheRunOnDataAfterItsRoundTookTheProducersData(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(37).deploy(
        globalApp(mode, Trigger.dynamicGroup(List.of("c0", "c1")), fired))) {
      runAll(h, "g1:x c0");
      RunInfo late = h.jf.start("glob", "r1-x", Map.of("keys", "g1:y c1 g2:z")).await(Duration.ofSeconds(10));
      assertThat(late.status()).isEqualTo(RunStatus.FAILED);
      assertThat(late.failure())
          .contains("dynamic-group trigger 't' on bucket 'items' got data key 'g2:z' after");
      runFrom(h, 2, "g3:u c0", "g3:v c1");
      assertThat(fired).contains("r2:g3:u,r3:g3:v");
      if (mode == Mode.EXACTLY_ONCE) {
        // What tells late data from timely data lives with the producer's run and goes with it:
        // shared state keeps no plain value per producer.
        assertThat(h.store.scan("g/glob/", null, 100)).noneMatch(e -> e.key().contains("/sealed"));
        assertThat(h.store.scan("r/glob/r1-x/t/items/t/sealed/", null, 10)).hasSize(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalByTimeWindowsSpanRuns(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    try (Harness h = Harness.direct(36).deploy(globalApp(mode, Trigger.byTime(Duration.ofMillis(100)), fired))) {
      runAll(h, "a", "b");
      h.env.advance(Duration.ofMillis(100));
      assertThat(fired).containsExactly("r0:a,r1:b");
      h.env.advance(Duration.ofMillis(50));
      runFrom(h, 2, "c");
      h.env.advance(Duration.ofMillis(100));
      assertThat(fired).containsExactly("r0:a,r1:b", "r2:c");
      h.env.advance(Duration.ofMillis(500));
      assertThat(fired).hasSize(2);
    }
  }
}
