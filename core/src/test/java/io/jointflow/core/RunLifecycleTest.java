package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.function.JointflowException;
import io.jointflow.function.TerminalException;
import io.jointflow.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retries, terminal failures, resume, cancel, idempotent starts, limits and collection. */
class RunLifecycleTest {

  private static App twoStep(Mode mode, io.jointflow.function.Handler second) {
    return App.builder("two").mode(mode)
        .function("first", c -> c.emit("mid", c.input().text() + "!"), "mid")
        .function("second", second)
        .bucket("mid", b -> b.trigger("t", Trigger.immediate(), "second"))
        .build();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailingHandlerIsRetriedWithBackoffUntilItSucceeds(Mode mode) {
    AtomicInteger calls = new AtomicInteger();
    App app = twoStep(mode, c -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("flaky " + c.attempt());
      }
      return c.input().text() + c.attempt();
    });
    try (Harness h = Harness.direct(1).deploy(app)) {
      RunHandle run = h.jf.start("two", Map.of("in", "x"));
      assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
      h.env.advance(Duration.ofMillis(100)); // first backoff
      assertThat(calls.get()).isEqualTo(2);
      h.env.advance(Duration.ofMillis(200)); // doubled
      RunInfo r = run.await(Await.HANG_GUARD);
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo("x!2");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aHandlerThatKeepsFailingFailsTheRunWithItsMessage(Mode mode) {
    App app = twoStep(mode, c -> {
      throw new IllegalStateException("boom");
    });
    try (Harness h = Harness.direct(2).deploy(app)) {
      RunHandle run = h.jf.start("two", Map.of("in", "x"));
      h.env.advance(Duration.ofSeconds(10));
      RunInfo r = run.await(Await.HANG_GUARD);
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.failure()).contains("function 'second'").contains("failed after 3 attempts")
          .contains("java.lang.IllegalStateException: boom");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aTerminalExceptionIsNotRetried(Mode mode) {
    AtomicInteger calls = new AtomicInteger();
    App app = twoStep(mode, c -> {
      calls.incrementAndGet();
      throw new TerminalException("bad record 17");
    });
    try (Harness h = Harness.direct(3).deploy(app)) {
      RunInfo r = h.run("two", Map.of("in", "x"));
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.failure()).endsWith("failed: bad record 17");
      assertThat(calls.get()).isEqualTo(1);
    }
  }

  @Test
  void aFailedRunKeepsItsRecordsAndResumesWithoutRerunningFinishedSteps() {
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicInteger firstCalls = new AtomicInteger();
    App app = App.builder("resume")
        .function("first", c -> {
          firstCalls.incrementAndGet();
          return c.emit("mid", c.input().text() + "!");
        }, "mid")
        .function("second", c -> {
          if (broken.get()) {
            throw new TerminalException("not yet");
          }
          return c.input().text() + "?";
        })
        .bucket("mid", b -> b.trigger("t", Trigger.immediate(), "second"))
        .build();
    try (Harness h = Harness.direct(4).deploy(app)) {
      RunInfo failed = h.run("resume", Map.of("in", "x"));
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      broken.set(false);
      RunInfo resumed = h.jf.resume(failed.runId()).await(Await.HANG_GUARD);
      assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(resumed.resultText()).isEqualTo("x!?");
      assertThat(firstCalls.get()).isEqualTo(1);
      assertThatThrownBy(() -> h.jf.resume(failed.runId())).isInstanceOf(JointflowException.class)
          .hasMessageContaining("already succeeded");
    }
  }

  @Test
  void aCancelledRunStopsAndCanBeResumed() {
    AtomicInteger seconds = new AtomicInteger();
    App app = App.builder("slow")
        .function("first", c -> c.emit("mid", "v"), "mid")
        .function("second", c -> seconds.incrementAndGet())
        .bucket("mid", b -> b.trigger("t", Trigger.byTime(Duration.ofSeconds(1)), "second"))
        .build();
    try (Harness h = Harness.direct(5).deploy(app)) {
      RunHandle run = h.jf.start("slow", Map.of("in", "x"));
      run.cancel();
      h.env.advance(Duration.ofSeconds(2));
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(seconds.get()).isZero();
      h.jf.resume(run.runId());
      h.env.advance(Duration.ofSeconds(1));
      assertThat(run.await(Await.HANG_GUARD).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(seconds.get()).isEqualTo(1);
    }
  }

  @Test
  void startingARunTwiceWithTheSameIdIsIdempotent() {
    AtomicInteger calls = new AtomicInteger();
    App app = twoStep(Mode.EXACTLY_ONCE, c -> calls.incrementAndGet());
    try (Harness h = Harness.direct(6).deploy(app)) {
      RunInfo a = h.jf.start("two", "order-42", Map.of("in", "x")).await(Await.HANG_GUARD);
      RunInfo b = h.jf.start("two", "order-42", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(a.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(b.resultText()).isEqualTo(a.resultText());
      assertThat(calls.get()).isEqualTo(1);
      assertThatThrownBy(() -> h.jf.start("two", "order-42", Map.of("other", "x")))
          .hasMessageContaining("already exists with other inputs");
    }
  }

  @Test
  void badInputIsRejectedBeforeAnythingIsStored() {
    App app = twoStep(Mode.EXACTLY_ONCE, c -> "ok");
    try (Harness h = Harness.direct(7)) {
      h.jf.deploy(app);
      assertThatThrownBy(() -> h.jf.start("nope", Map.of())).hasMessageContaining("app 'nope' is not deployed");
      assertThatThrownBy(() -> h.jf.start("two", Map.of("a/b", "x"))).hasMessageContaining("contains '/'");
      assertThatThrownBy(() -> h.jf.start("two", "bad id!", Map.of())).hasMessageContaining("run id 'bad id!' is invalid");
      assertThat(h.store.scan("", null, 10)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void objectsAboveTheLimitFailTheInstanceWithoutRetry(Mode mode) {
    App app = App.builder("big").mode(mode)
        .function("emit", c -> c.emit("out", new byte[2048]), "out")
        .function("sink", c -> "never")
        .bucket("out", b -> b.trigger("t", Trigger.immediate(), "sink"))
        .build();
    try (Harness h = Harness.direct(8)) {
      Jointflow jf = Jointflow.builder().environment(h.env).stateStore(h.store).blobStore(h.blobs)
          .options(JointflowOptions.defaults().withLimits(512, 1024)).build();
      jf.deploy(app);
      RunInfo r = jf.start("big", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.failure()).contains("of 2048 bytes, above max-object-bytes 1024");
      assertThatThrownBy(() -> jf.start("big", Map.of("in", new byte[4096])))
          .hasMessageContaining("input 'in' is 4096 bytes, above max-object-bytes 1024");
      jf.close();
    }
  }

  @Test
  void largeObjectsTravelThroughTheBlobStoreAndSucceededRunsAreCollected() {
    App app = App.builder("blobby")
        .function("emit", c -> c.emit("out", new byte[200_000]), "out")
        .function("sink", c -> c.input().size())
        .bucket("out", b -> b.trigger("t", Trigger.immediate(), "sink"))
        .build();
    try (Harness h = Harness.direct(9)) {
      Jointflow jf = Jointflow.builder().environment(h.env).stateStore(h.store).blobStore(h.blobs)
          .options(JointflowOptions.defaults().withRetention(Duration.ofMinutes(1))).build();
      jf.deploy(app);
      RunInfo r = jf.start("blobby", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(r.resultText()).isEqualTo("200000");
      String prefix = Keys.blobsOfRun("blobby", r.runId());
      assertThat(h.store.scan(Keys.runData("blobby", r.runId()), null, 10)).isNotEmpty();
      h.env.advance(Duration.ofMinutes(1).plusSeconds(11)); // retention, then a collecting sweep
      assertThat(h.store.scan(Keys.runData("blobby", r.runId()), null, 10)).isEmpty();
      assertThat(h.blobs.deletePrefix(prefix)).isZero();
      assertThat(jf.run(r.runId()).info().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(jf.run(r.runId()).info().resultText()).isEqualTo("200000");
      jf.close();
    }
  }

  @Test
  void aLateDuplicateOfAFinishedStepDoesNotReinvokeItsFinishedSuccessors() {
    Map<String, Integer> invocations = new ConcurrentHashMap<>();
    java.util.List<io.jointflow.spi.Envelope> entries = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.jointflow.spi.ComputeBackend[] backend = new io.jointflow.spi.ComputeBackend[1];
    App app = twoStep(Mode.EXACTLY_ONCE, c -> c.input().text() + "?");
    try (Harness h = Harness.direct(12)) {
      Jointflow jf = Jointflow.builder().environment(h.env).stateStore(h.store).blobStore(h.blobs)
          .backendDecorator(b -> {
            backend[0] = b;
            return new ForwardingBackend(b) {
              @Override
              public void invokeAsync(String function, io.jointflow.spi.Envelope e) {
                invocations.merge(function, 1, Integer::sum);
                if (function.equals("first")) {
                  entries.add(e);
                }
                inner.invokeAsync(function, e);
              }
            };
          }).build();
      jf.deploy(app);
      RunInfo r = jf.start("two", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(r.resultText()).isEqualTo("x!?");
      backend[0].invokeAsync("first", entries.get(0)); // e.g. a FaaS platform's late retry
      assertThat(invocations).isEqualTo(Map.of("first", 1, "second", 1));
      assertThat(jf.run(r.runId()).info().functions()).allSatisfy(f -> assertThat(f.instances()).isEqualTo(1));
      jf.close();
    }
  }

  @Test
  void finishedInstancesOfALongRunLeaveNoPendingRecordAndAreNotReplayed() {
    AtomicInteger calls = new AtomicInteger();
    App app = App.builder("long")
        .functionSpec("first", f -> f.outputs("mid").timeout(Duration.ofSeconds(1)).handler(c -> {
          calls.incrementAndGet();
          return c.emit("mid", "v");
        }))
        .function("never", c -> "needs two objects")
        .bucket("mid", b -> b.trigger("t", Trigger.byBatchSize(2), "never"))
        .build();
    try (Harness h = Harness.direct(13).deploy(app)) {
      RunHandle run = h.jf.start("long", Map.of("in", "x"));
      String pending = Keys.pendingOfRun("long", run.runId());
      assertThat(h.store.scan(pending, null, 10)).as("deleted when the step is done, not when the run is").isEmpty();
      assertThat(h.store.scan(Keys.outputs("long", run.runId()), null, 10)).hasSize(1);
      h.env.advance(Duration.ofMinutes(10)); // far past the deadline: nothing to recover
      assertThat(calls.get()).isEqualTo(1);
      assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(run.waitingOn()).containsExactly(
          "trigger 't' on bucket 'mid' (by-batch-size) holds 1 of the 2 objects a batch needs");
    }
  }

  @Test
  void finishedEphemeralRunsLeaveOnlyACompactSnapshot() {
    App app = App.builder("light").mode(Mode.EPHEMERAL)
        .function("first", c -> {
          for (int i = 0; i < 3; i++) {
            c.emit("mid", "k" + i, "v");
          }
          return c.emit("fin", "done");
        }, "mid", "fin")
        .function("batch", c -> null)
        .function("end", c -> "ok")
        .result("end")
        .bucket("mid", b -> b.trigger("t", Trigger.byBatchSize(3), "batch"))
        .bucket("fin", b -> b.trigger("t", Trigger.immediate(), "end"))
        .build();
    try (Harness h = Harness.concurrent(14).deploy(app)) {
      java.util.List<RunHandle> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 500; i++) {
        runs.add(h.jf.start("light", Map.of("in", String.valueOf(i))));
      }
      for (RunHandle r : runs) {
        assertThat(r.await(Await.HANG_GUARD).resultText()).isEqualTo("ok");
      }
      // The manual clock never moves here: runs are released without a grace timer.
      Await.until("every finished run released its in-memory state", () -> h.jf.host().runs().isEmpty());
      assertThat(h.jf.runs()).hasSize(500);
      assertThat(h.jf.run(runs.get(0).runId()).info().functions()).extracting(FunctionSummary::function)
          .containsExactly("first", "batch", "end");
    }
  }

  @Test
  void aFunctionsConcurrencyLimitHoldsAcrossAFanOut() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    App app = App.builder("limited")
        .function("fan", c -> {
          for (int i = 0; i < 30; i++) {
            c.emit("work", "w" + i, "x");
          }
          return null;
        }, "work")
        .functionSpec("slow", f -> f.outputs("done").concurrency(2).handler(c -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(3); // simulated work, so that without the limit more instances would overlap
          running.decrementAndGet();
          return c.emit("done", c.input().key(), "y");
        }))
        .function("join", c -> c.inputs().size())
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "slow"))
        .bucket("done", b -> b.trigger("t", Trigger.byBatchSize(30), "join"))
        .build();
    try (Harness h = Harness.concurrent(11).deploy(app)) {
      assertThat(h.run("limited", Map.of("in", "x")).resultText()).isEqualTo("30");
      assertThat(peak.get()).isBetween(1, 2);
    }
  }

  @Test
  void concurrentDuplicateDeliveriesForwardOneExecutionsOutputs() {
    Map<String, Integer> executions = new ConcurrentHashMap<>();
    App app = App.builder("dups")
        .function("first", c -> {
          executions.merge(c.instanceId(), 1, Integer::sum);
          return c.emit("mid", String.valueOf(System.nanoTime()));
        }, "mid")
        .function("second", c -> c.input().text())
        .bucket("mid", b -> b.trigger("t", Trigger.immediate(), "second"))
        .build();
    try (Harness h = Harness.concurrent(10)) {
      // Every invocation is delivered twice, concurrently.
      Jointflow jf = Jointflow.builder().environment(h.env).stateStore(h.store).blobStore(h.blobs)
          .backendDecorator(b -> new ForwardingBackend(b) {
            @Override
            public void invokeAsync(String function, io.jointflow.spi.Envelope e) {
              h.env.executor().execute(() -> inner.invokeAsync(function, e));
              inner.invokeAsync(function, e);
            }
          }).build();
      jf.deploy(app);
      java.util.Set<String> results = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 20; i++) {
        RunInfo r = jf.start("dups", Map.of("in", String.valueOf(i))).await(Await.HANG_GUARD);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        results.add(r.resultText());
        // The forwarded value is the stored winner's, whichever execution's that was.
        String out = h.store.scan(Keys.outputs("dups", r.runId()), null, 10).stream()
            .map(e -> Json.read(e.value().value(), Records.OutputRecord.class))
            .filter(o -> o.function().equals("first")).findFirst().orElseThrow()
            .objects().get(0).runId();
        assertThat(out).isEqualTo(r.runId());
      }
      assertThat(executions).hasSize(20);
      assertThat(results).hasSize(20);
      jf.close();
    }
  }
}
