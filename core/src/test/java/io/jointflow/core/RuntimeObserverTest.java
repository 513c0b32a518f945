package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.TerminalException;
import io.jointflow.testkit.Await;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The runtime tells its observer of each handler execution (with its outcome and bytes), each
 * state store call and each failover; an observer that throws changes nothing but one log line.
 */
class RuntimeObserverTest {
  private final AtomicBoolean failedOnce = new AtomicBoolean();

  /** first emits its input's text into "mid"; second (which fails its very first attempt) adds "!". */
  private App app() {
    return App.builder("obs")
        .function("first", c -> c.emit("mid", c.input().text() + "-x"), "mid")
        .functionSpec("second", f -> f.maxAttempts(3).handler(c -> {
          if (failedOnce.compareAndSet(false, true)) {
            throw new IllegalStateException("first attempt fails");
          }
          return c.input().text() + "!";
        }))
        .bucket("mid", b -> b.trigger("t", Trigger.immediate(), "second"))
        .build();
  }

  @Test
  void handlerExecutionsStoreCallsAndOutcomesAreObserved() {
    RecordingObserver seen = new RecordingObserver();
    try (Jointflow jf = Jointflow.builder().observer(seen).build()) {
      jf.deploy(app());
      for (int i = 0; i < 3; i++) {
        RunInfo r = jf.start("obs", Map.of("in", "r" + i)).await(Await.HANG_GUARD);
        assertThat(r.status()).as("%s", r.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.resultText()).isEqualTo("r" + i + "-x!");
      }
    }
    assertThat(seen.started).containsOnlyKeys("first/local", "second/local");
    assertThat(seen.count(seen.started, "first/local")).isEqualTo(3);
    assertThat(seen.count(seen.started, "second/local")).isEqualTo(4);
    assertThat(seen.count(seen.ended, "first/local/SUCCEEDED")).isEqualTo(3);
    assertThat(seen.count(seen.ended, "second/local/SUCCEEDED")).isEqualTo(3);
    assertThat(seen.count(seen.ended, "second/local/FAILED_RETRYABLE")).isEqualTo(1);
    assertThat(seen.ended).hasSize(3);
    // Each step commits in one batch: at least one per successful execution.
    assertThat(seen.count(seen.storeCalls, "local/BATCH")).isGreaterThanOrEqualTo(6);
    assertThat(seen.count(seen.storeCalls, "local/WRITE")).isPositive(); // run records
    assertThat(seen.storeCalls.keySet()).allSatisfy(k -> assertThat(k).startsWith("local/"));
    assertThat(seen.bytes).allSatisfy(b -> assertThat(b[0]).as("nanos").isNotNegative());
    // "r0" in (2 bytes) -> "r0-x" out (4 bytes, as a JSON string 6)
    assertThat(seen.bytes).anySatisfy(b -> assertThat(b[1]).isEqualTo(2));
    assertThat(seen.bytes).anySatisfy(b -> assertThat(b[2]).isPositive());
    assertThat(seen.failovers).isEmpty();
  }

  @Test
  void aTerminalFailureIsObservedAsSuch() {
    RecordingObserver seen = new RecordingObserver();
    App app = App.builder("bad").function("f", c -> {
      throw new TerminalException("no");
    }).build();
    try (Jointflow jf = Jointflow.builder().observer(seen).build()) {
      jf.deploy(app);
      assertThat(jf.start("bad", Map.of("in", "x")).await(Await.HANG_GUARD).status()).isEqualTo(RunStatus.FAILED);
    }
    assertThat(seen.ended).containsOnlyKeys("f/local/FAILED_TERMINAL");
    assertThat(seen.count(seen.ended, "f/local/FAILED_TERMINAL")).isEqualTo(1);
  }

  @Test
  void anObserverThatThrowsIsLoggedOnceAndChangesNothing() {
    RuntimeObserver broken = new RuntimeObserver() {
      @Override
      public void handlerStarted(String app, String function, String cloud) {
        throw new IllegalStateException("observer bug");
      }

      @Override
      public void storeCalled(String cloud, StoreCall kind) {
        throw new IllegalStateException("observer bug");
      }
    };
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(GuardedObserver.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        lines.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    try (Jointflow jf = Jointflow.builder().observer(broken).build()) {
      jf.deploy(app());
      for (int i = 0; i < 2; i++) {
        RunInfo r = jf.start("obs", Map.of("in", "r" + i)).await(Await.HANG_GUARD);
        assertThat(r.status()).as("%s", r.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.resultText()).isEqualTo("r" + i + "-x!");
      }
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("runtime observer").contains("logged once");
  }
}
