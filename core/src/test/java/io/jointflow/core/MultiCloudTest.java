package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  /**
   * Run ids are one namespace across apps: an id that a run of another app holds is refused even
   * where that app's run record lives in another cloud's store than the new run's would (the two
   * runs mixed: the second ran, and its result went into a record of the first app).
   */
  @Test
  void aRunIdHeldByAnAppHomedInAnotherCloudIsRefused() {
    try (ManualEnvironment env = ManualEnvironment.direct(1); Clouds c = clouds(env, Emulation.none())) {
      c.jf().deploy(App.builder("one").placement("aws").function("f", call -> "one").build());
      c.jf().deploy(App.builder("two").placement("ali").function("f", call -> "two").build());
      assertThat(c.jf().start("one", "same", Map.of("in", "x")).await(Await.HANG_GUARD).resultText()).isEqualTo("one");

      assertThatThrownBy(() -> c.jf().start("two", "same", Map.of("in", "x")))
          .hasMessage("run id 'same' is taken by a run of app 'one'");
      assertThat(c.ali().get(Keys.run("same"))).as("the refused start stored nothing").isEmpty();
      assertThat(c.ali().scan("pending/", null, 10)).isEmpty();

      RunInfo again = c.jf().start("one", "same", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(again.app()).as("starting the same run again is still idempotent").isEqualTo("one");
      assertThat(again.resultText()).isEqualTo("one");
      assertThat(c.jf().start("two", "other", Map.of("in", "x")).await(Await.HANG_GUARD).resultText()).isEqualTo("two");
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

  @Test
  void anInvocationNoCloudAcceptsIsTriedAgainSoonNotOnlyAtItsDeadline() {
    // The squares run on ali only, and ali is down for the first 10 s: their invocations are refused.
    Emulation outage = Emulation.builder().latency("aws", "ali", Duration.ofMillis(15))
        .outage("ali", Duration.ZERO, Duration.ofSeconds(10)).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(2); Clouds c = clouds(env, outage)) {
      c.jf().deploy(app("ali"));
      long start = env.currentTimeMillis();
      RunInfo info = run(c.jf(), env, "waits");
      assertThat(info.resultText()).isEqualTo("14");
      // Tried again with the retry backoff (at most 5 s apart, once the circuit breaker lets calls
      // through again), not left to the sweeper at the function's 5-minute deadline.
      assertThat(env.currentTimeMillis() - start).isBetween(10_000L, 60_000L);
      assertThat(ranOn(c.ali(), "waits")).isEqualTo(Map.of("square", "ali"));
      assertThat(c.jf().failoverCount()).isZero();
    }
    assertThat(effects).hasSize(4).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  /** Starts a run and moves the manual clock until it ends. */
  private static RunInfo run(Jointflow jf, ManualEnvironment env, String runId) {
    RunHandle h = jf.start("mc", runId, Map.of("n", "4"));
    env.driveUntil(() -> h.status().terminal());
    RunInfo info = h.await(Await.HANG_GUARD);
    assertThat(info.status()).as("%s: %s", runId, info.failure()).isEqualTo(RunStatus.SUCCEEDED);
    settle(env);
    return info;
  }

  /** Moves the clock a little more, so that steps still waiting for acknowledgements finish. */
  private static void settle(ManualEnvironment env) {
    for (int i = 0; i < 200; i++) {
      env.advanceWhenIdle(Duration.ofMillis(1), Duration.ofMillis(2));
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
      env.driveUntil(() -> run.status().terminal());
      results.add(run.await(Await.HANG_GUARD).resultText());
      settle(env);
      // split -> square crosses once each way, so the run took at least two one-way delays of emulated time
      assertThat(Duration.ofNanos(env.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }
    assertThat(results).containsExactly("55", "55");
  }

  /** a (ali) -> b (ali, failing over to aws) -> c (ali), each passing its input on. */
  private static App chain() {
    return App.builder("abc").placement("ali")
        .function("a", c -> c.emit("ab", "x", c.input().text()), "ab")
        .functionSpec("b", f -> f.outputs("bc").placement("ali", "aws").handler(c -> c.emit("bc", "x", c.input().text())))
        .function("c", c -> c.input().text())
        .bucket("ab", b -> b.trigger("t", Trigger.immediate(), "b"))
        .bucket("bc", b -> b.trigger("t", Trigger.immediate(), "c"))
        .build();
  }

  @Test
  void anOutageOfOneFunctionMovesOnlyItAndTheObserverSeesEveryDelayApplied() {
    List<Emulation.Applied> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Emulation e = twoClouds()
        .outage("ali", "b", Duration.ZERO, Duration.ofSeconds(10)).observer(seen::add).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(5); Clouds c = clouds(env, e)) {
      c.jf().deploy(chain());
      RunHandle h = c.jf().start("abc", "r", Map.of("in", "hi"));
      env.driveUntil(() -> h.status().terminal());
      assertThat(h.await(Await.HANG_GUARD).resultText()).isEqualTo("hi");
      settle(env);
      Map<String, String> ids = new HashMap<>();
      Map<String, String> clouds = new HashMap<>();
      for (Span s : h.spans()) {
        ids.put(s.function(), s.instance());
        clouds.put(s.function(), s.cloud());
      }
      assertThat(clouds).isEqualTo(Map.of("a", "ali", "b", "aws", "c", "ali"));
      assertThat(c.jf().failoverCount()).isEqualTo(1);

      // a's invocation of b: refused by ali after a round trip, then delivered to aws one way.
      assertThat(seen).contains(
          new Emulation.Applied(Emulation.Effect.REFUSAL, "ali", "ali", Duration.ofMillis(2), ids.get("a"), ids.get("b"),
              find(seen, Emulation.Effect.REFUSAL, ids.get("b")).nanoTime()),
          new Emulation.Applied(Emulation.Effect.DELIVERY, "ali", "aws", Duration.ofMillis(15), ids.get("a"),
              ids.get("b"), find(seen, Emulation.Effect.DELIVERY, ids.get("b")).nanoTime()));
      // b ran on aws; its records stay in its home, ali: its store calls crossed.
      assertThat(seen).filteredOn(a -> a.effect() == Emulation.Effect.STORE_CALL && ids.get("b").equals(a.caller()))
          .isNotEmpty().allSatisfy(a -> {
            assertThat(a.from()).isEqualTo("aws");
            assertThat(a.delay()).isEqualTo(Duration.ofMillis(30));
          });
      // Calls from outside steps (the client's start) are seen, undelayed.
      assertThat(seen).anySatisfy(a -> {
        assertThat(a.caller()).isNull();
        assertThat(a.delay()).isZero();
      });
    }
  }

  @Test
  void stepsWhoseRecordsLiveInAStoreThatIsDownWaitAndResumeWhenItIsBack() {
    Emulation down = Emulation.builder().latency("aws", "ali", Duration.ofMillis(15))
        .storeOutage("ali", Duration.ZERO, Duration.ofSeconds(5)).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(6); Clouds c = clouds(env, down)) {
      c.jf().deploy(app("ali", "aws"));
      long start = env.nanoTime();
      RunInfo info = run(c.jf(), env, "waits");
      assertThat(info.resultText()).isEqualTo("14");
      // The squares' records live in ali's store: they waited for it, not failed over or failed.
      assertThat(Duration.ofNanos(env.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
      assertThat(ranOn(c.ali(), "waits")).isEqualTo(Map.of("square", "ali"));
      assertThat(c.jf().failoverCount()).isZero();
      assertThat(info.functions()).extracting(FunctionSummary::instances).containsExactly(1L, 4L, 1L);
    }
    assertThat(effects).hasSize(4).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  @Test
  void aStepWhoseHandlerRanBeforeItsStoreWentDownCommitsThatOutcomeWithoutRunningAgain() {
    // split (aws) has only a stateless trigger, so the squares (ali) it records with its checkpoint
    // run their handler without reading their own checkpoint first; ali's store is down when they
    // commit, and stays down for 5 s.
    App a = app("ali");
    App noControl = App.builder("mc").placement("aws")
        .function("split", c -> {
          for (int i = 0; i < 4; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          return null;
        }, "work")
        .functionSpec("square", f -> f.outputs("results").placement("ali").handler(a.function("square").handler()))
        .function("join", a.function("join").handler())
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", Trigger.bySet("r0", "r1", "r2", "r3"), "join"))
        .build();
    Emulation down = Emulation.builder().latency("aws", "ali", Duration.ofMillis(15))
        .storeOutage("ali", Duration.ofMillis(10), Duration.ofSeconds(5)).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(6); Clouds c = clouds(env, down)) {
      c.jf().deploy(noControl);
      long start = env.nanoTime();
      RunInfo info = run(c.jf(), env, "held");
      assertThat(info.resultText()).isEqualTo("14");
      assertThat(Duration.ofNanos(env.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }
    assertThat(effects).hasSize(4).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  /** 15 ms one way between aws and ali, 1 ms inside each. */
  private static Emulation.Builder twoClouds() {
    return Emulation.builder().latency("aws", "ali", Duration.ofMillis(15))
        .latency("ali", "ali", Duration.ofMillis(1)).latency("aws", "aws", Duration.ofMillis(1));
  }

  private static Emulation.Applied find(List<Emulation.Applied> seen, Emulation.Effect effect, String subject) {
    return seen.stream().filter(a -> a.effect() == effect && subject.equals(a.subject())).findFirst().orElseThrow();
  }

  @Test
  void aJoinThatNamesItsStateCloudKeepsItsStateThereUntilRedeployedWithout() {
    App a = app("ali");
    App named = App.builder("mc").placement("aws")
        .function("split", a.function("split").handler(), "work", "results")
        .functionSpec("square", f -> f.outputs("results").placement("ali").handler(a.function("square").handler()))
        .function("join", a.function("join").handler())
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", t -> t.type(Trigger.dynamicJoin()).target("join").state("ali")))
        .build();
    try (ManualEnvironment env = ManualEnvironment.direct(1); Clouds c = clouds(env, Emulation.none())) {
      c.jf().deploy(named);
      RunInfo r = c.jf().start("mc", "run-1", Map.of("n", "4")).await(Await.HANG_GUARD);

      assertThat(r.status()).as("%s", r.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo("14");
      // The rule would put it on aws (a tie between split and the squares goes to the join's cloud).
      String state = Keys.triggerState("mc", "run-1", "results", "t", false);
      assertThat(c.ali().members(state, 0, 10)).as("the control and the four results").hasSize(5);
      assertThat(c.aws().members(state, 0, 10)).isEmpty();
      assertThat(ranOn(c.aws(), "run-1")).isEqualTo(Map.of("split", "aws", "join", "aws"));
      assertThat(effects.values()).containsOnly(1);

      // Redeployed without it, the app's next run keeps the join's state where the rule says.
      c.jf().deploy(a);
      assertThat(c.jf().start("mc", "run-2", Map.of("n", "4")).await(Await.HANG_GUARD).resultText()).isEqualTo("14");
      String again = Keys.triggerState("mc", "run-2", "results", "t", false);
      assertThat(c.aws().members(again, 0, 10)).hasSize(5);
      assertThat(c.ali().members(again, 0, 10)).isEmpty();
    }
  }

  @Test
  void eachArrivalAtACrossCloudJoinIsOneRoundTripToTheCloudOfItsState() {
    List<Emulation.Applied> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Emulation e = twoClouds().observer(seen::add).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(5); Clouds c = clouds(env, e)) {
      c.jf().deploy(app("ali"));
      RunHandle h = c.jf().start("mc", "r", Map.of("n", "3"));
      env.driveUntil(() -> h.status().terminal());
      assertThat(h.await(Await.HANG_GUARD).resultText()).isEqualTo("5");
      settle(env);
      String state = Keys.triggerState("mc", "r", "results", "t", false);
      Map<String, List<Emulation.Applied>> joinCalls = new HashMap<>();
      for (Span s : h.spans()) {
        joinCalls.put(s.function() + "@" + s.instance(), seen.stream().filter(a -> a.effect() == Emulation.Effect.STORE_CALL
            && s.instance().equals(a.caller()) && a.subject().startsWith(state)).toList());
      }
      // The join's state is on aws (a tie between split and the squares goes to the join's cloud):
      // every square (on ali) reaches it once, the last one getting the branches in the same call;
      // split's control once too (before: add, read the control, read the set; control: put, add).
      assertThat(joinCalls).hasSize(5);
      joinCalls.forEach((step, calls) -> {
        if (step.startsWith("square@")) {
          assertThat(calls).as(step).singleElement().satisfies(a -> {
            assertThat(a.from()).isEqualTo("ali");
            assertThat(a.to()).isEqualTo("aws");
          });
        } else if (step.startsWith("split@")) {
          assertThat(calls).as(step).hasSize(1);
        } else {
          assertThat(calls).as(step).isEmpty();
        }
      });
    }
  }

  /** split (aws) -> square x n (ali) -> join (ali, dynamic join: its state in ali, a tie between split and square). */
  private App joinOnAli() {
    App a = app("ali");
    return App.builder("mc").placement("aws")
        .function("split", a.function("split").handler(), "work", "results")
        .functionSpec("square", f -> f.outputs("results").placement("ali").handler(a.function("square").handler()))
        .functionSpec("join", f -> f.placement("ali").handler(a.function("join").handler()))
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", Trigger.dynamicJoin(), "join"))
        .build();
  }

  @Test
  void aStepInvokesItsStatelessSuccessorsBeforeItsArrivalCrossesToTheCloudOfAJoinsState() {
    List<Emulation.Applied> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Emulation e = twoClouds().observer(seen::add).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(5); Clouds c = clouds(env, e)) {
      c.jf().deploy(joinOnAli());
      RunHandle h = c.jf().start("mc", "r", Map.of("n", "3"));
      env.driveUntil(() -> h.status().terminal());
      assertThat(h.await(Await.HANG_GUARD).resultText()).isEqualTo("5");
      settle(env);
      String split = h.spans().stream().filter(s -> s.function().equals("split")).findFirst().orElseThrow().instance();
      String state = Keys.triggerState("mc", "r", "results", "t", false);
      Emulation.Applied arrival = seen.stream().filter(a -> a.effect() == Emulation.Effect.STORE_CALL
          && split.equals(a.caller()) && a.subject().startsWith(state)).findFirst().orElseThrow();
      assertThat(arrival.to()).isEqualTo("ali");
      List<Emulation.Applied> squares = seen.stream().filter(a -> a.effect() == Emulation.Effect.DELIVERY
          && split.equals(a.caller()) && a.subject().startsWith("square-")).toList();
      // The squares were on their way before the control's round trip to ali began (it took 30 ms
      // of their path when split wrote its records only after its arrivals). The control may now
      // arrive last and fire the join itself.
      assertThat(squares).hasSize(3).allSatisfy(d -> assertThat(d.nanoTime()).isLessThan(arrival.nanoTime()));
    }
    assertThat(effects).hasSize(3).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  /** enter (aws, so the run record is there) -> finish (ali, the result function). */
  private static App endsElsewhere() {
    return App.builder("far").placement("aws")
        .function("enter", c -> c.emit("to", "x", c.input().text()), "to")
        .functionSpec("finish", f -> f.placement("ali").handler(c -> c.input().text() + "!"))
        .bucket("to", b -> b.trigger("t", Trigger.immediate(), "finish"))
        .build();
  }

  @Test
  void completingARunWhoseRecordIsInAnotherCloudIsOneRoundTripToThatCloud() {
    List<Emulation.Applied> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Emulation e = twoClouds().observer(seen::add).build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(5); Clouds c = clouds(env, e)) {
      c.jf().deploy(endsElsewhere());
      RunHandle h = c.jf().start("far", "r", Map.of("in", "hi"));
      env.driveUntil(() -> h.status().terminal());
      RunInfo info = h.await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s", info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(info.resultText()).isEqualTo("hi!");
      settle(env);
      String finish = h.spans().stream().filter(s -> s.function().equals("finish")).findFirst().orElseThrow().instance();
      // The result step runs on ali and the run record is with the entry, on aws: recording the
      // result, the status and the collection index is one batch there, conditional on the record's
      // version (before: put the index, read the record, compare-and-set it).
      assertThat(seen).filteredOn(a -> a.effect() == Emulation.Effect.STORE_CALL && finish.equals(a.caller())
          && a.from().equals("ali") && a.to().equals("aws")).hasSize(1);
      Records.RunRecord rec = Json.read(c.aws().get(Keys.run("r")).orElseThrow().value(), Records.RunRecord.class);
      assertThat(rec.status()).isEqualTo(RunStatus.SUCCEEDED.name());
      assertThat(rec.gcAfter()).isPositive();
      assertThat(c.aws().scan(Keys.gcPrefix(), null, 10)).extracting(Entry::key).singleElement()
          .isEqualTo(Keys.gc(rec.gcAfter(), "r"));
    }
  }

  @Test
  void aFaultOfOneFunctionIsAnOutage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Emulation.Fault("ali", Emulation.FaultKind.ERROR_RATE,
        Duration.ZERO, Duration.ofSeconds(1), 0.5, null, "b")).hasMessageContaining("only an outage");
  }

  @Test
  void aStepInvokesItsSuccessorsInOtherCloudsAtOnceNotOneAfterAnother() {
    // Each invocation of a square is held in the backend until all four are in it: invoked one
    // after another (each waiting for its acceptance), the first would wait in vain.
    java.util.concurrent.CountDownLatch allIn = new java.util.concurrent.CountDownLatch(4);
    java.util.concurrent.atomic.AtomicBoolean together = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.function.UnaryOperator<io.jointflow.spi.ComputeBackend> holding = b -> new io.jointflow.spi.ComputeBackend() {
      @Override
      public String name() {
        return b.name();
      }

      @Override
      public void invokeAsync(String function, io.jointflow.spi.Envelope envelope) {
        if (function.equals("square")) {
          allIn.countDown();
          try {
            together.compareAndSet(true, allIn.await(Await.HANG_GUARD.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        b.invokeAsync(function, envelope);
      }

      @Override
      public Health health() {
        return b.health();
      }

      @Override
      public Limits limits() {
        return b.limits();
      }

      @Override
      public Billing billing() {
        return b.billing();
      }

      @Override
      public void close() {
        b.close();
      }
    };
    try (ManualEnvironment env = ManualEnvironment.virtualThreads(6);
        Jointflow jf = Jointflow.builder().environment(env)
            .cloud("aws", MemoryStateStore.create(), FileBlobStore.open(Harness.tempDir()))
            .cloud("ali", MemoryStateStore.create(), FileBlobStore.open(Harness.tempDir()))
            .backendDecorator(holding).options(JointflowOptions.defaults().withHostId("h1")).build()) {
      jf.deploy(app("ali"));
      RunInfo r = jf.start("mc", "wide", Map.of("n", "4")).await(Await.HANG_GUARD);
      assertThat(r.resultText()).isEqualTo("14");
      assertThat(together).as("all four invocations were in the backend at once").isTrue();
    }
  }


}
