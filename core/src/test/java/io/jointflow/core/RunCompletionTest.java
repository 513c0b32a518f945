package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.spi.Versioned;
import io.jointflow.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Completing a run writes over the run record at the version the host knows, without reading it
 * first: when the record changed meanwhile, the completion must not overwrite it (exactly one
 * outcome wins, a recorded one stays).
 */
class RunCompletionTest {

  /** first -> last (the result function), which does {@code meanwhile} to the run before returning. */
  private static App app(BiConsumer<String, Harness> meanwhile, Harness[] h) {
    return App.builder("done")
        .function("first", c -> c.emit("mid", c.input().text()), "mid")
        .function("last", c -> {
          meanwhile.accept(c.runId(), h[0]);
          return c.input().text() + "!";
        })
        .bucket("mid", b -> b.trigger("t", Trigger.immediate(), "last"))
        .build();
  }

  private static Records.RunRecord stored(Harness h, String runId) {
    return Json.read(h.store.get(Keys.run(runId)).orElseThrow().value(), Records.RunRecord.class);
  }

  @Test
  void aRunCancelledWhileItsResultStepRunsStaysCancelled() {
    Harness[] h = new Harness[1];
    try (Harness harness = Harness.direct(1)) {
      h[0] = harness.deploy(app((runId, x) -> x.jf.run(runId).cancel(), h));
      RunHandle run = harness.jf.start("done", "r", Map.of("in", "x"));
      assertThat(run.await(Await.HANG_GUARD).status()).isEqualTo(RunStatus.CANCELLED);
      Records.RunRecord rec = stored(harness, "r");
      assertThat(rec.status()).isEqualTo(RunStatus.CANCELLED.name());
      assertThat(rec.result()).isNull();
      assertThat(harness.store.scan(Keys.gcPrefix(), null, 10)).as("a cancelled run is not indexed for collection").isEmpty();
    }
  }

  @Test
  void aCompletionWrittenMeanwhileIsNotOverwritten() {
    Harness[] h = new Harness[1];
    // Another host's completion of the same run, written while this host's result step runs.
    BiConsumer<String, Harness> other = (runId, x) -> {
      Versioned v = x.store.get(Keys.run(runId)).orElseThrow();
      Records.RunRecord rec = Json.read(v.value(), Records.RunRecord.class);
      assertThat(x.store.compareAndSet(Keys.run(runId), v.version(), Json.write(rec.withStatus(RunStatus.SUCCEEDED.name(),
          1, "\"theirs\"".getBytes(StandardCharsets.UTF_8), null, 2)))).isTrue();
    };
    try (Harness harness = Harness.direct(2)) {
      h[0] = harness.deploy(app(other, h));
      harness.jf.start("done", "r", Map.of("in", "x")).await(Await.HANG_GUARD);
      Versioned v = harness.store.get(Keys.run("r")).orElseThrow();
      assertThat(v.version()).as("created, then completed by the other host only").isEqualTo(2);
      assertThat(new String(stored(harness, "r").result(), StandardCharsets.UTF_8)).isEqualTo("\"theirs\"");
      assertThat(harness.store.scan(Keys.gcPrefix(), null, 10)).as("the losing completion wrote nothing").isEmpty();
    }
  }

  @Test
  void aRunResumedAfterItsRecordChangedCompletesFromTheStoredRecord() {
    boolean[] failOnce = {true};
    App app = App.builder("done")
        .function("first", c -> c.emit("mid", c.input().text()), "mid")
        .function("last", c -> {
          if (failOnce[0]) {
            failOnce[0] = false;
            throw new io.jointflow.function.TerminalException("not yet");
          }
          return c.input().text() + "!";
        })
        .bucket("mid", b -> b.trigger("t", Trigger.immediate(), "last"))
        .build();
    try (Harness harness = Harness.direct(3)) {
      harness.deploy(app);
      RunInfo failed = harness.run("done", Map.of("in", "x"));
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      RunInfo resumed = harness.jf.resume(failed.runId()).await(Await.HANG_GUARD);
      assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(resumed.resultText()).isEqualTo("x!");
      Records.RunRecord rec = stored(harness, failed.runId());
      assertThat(rec.status()).isEqualTo(RunStatus.SUCCEEDED.name());
      assertThat(rec.inputs()).hasSize(1);
      assertThat(harness.store.get(Keys.run(failed.runId())).orElseThrow().version())
          .as("created, failed, resumed, completed").isEqualTo(4);
      assertThat(harness.store.scan(Keys.gcPrefix(), null, 10)).hasSize(1);
    }
  }
}
