package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing right after a run ends drains executing instances instead of failing them on closed
 * stores. The hosts run on virtual threads of a manual environment, whose close waits for every
 * one of them, so that an error raised late is raised before the assertions.
 */
class CloseTest {
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void catchUncaught() {
    previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
  }

  @AfterEach
  void restore() {
    Thread.setDefaultUncaughtExceptionHandler(previous);
  }

  @Test
  void closingJustAfterAFailedRunLeavesNoErrors() {
    App app = App.builder("fail").function("only", c -> {
      throw new TerminalException("no");
    }).build();
    for (int i = 0; i < 20; i++) {
      try (ManualEnvironment env = ManualEnvironment.virtualThreads(i);
          Jointflow jf = Jointflow.builder().environment(env).build()) {
        jf.deploy(app);
        RunInfo r = jf.start("fail", Map.of("in", "x")).await(Await.HANG_GUARD);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure()).endsWith("failed: no");
      }
    }
    assertThat(uncaught).isEmpty();
  }

  @Test
  void closingWhileAStragglerStillRunsWaitsForIt() {
    ComputeBackend[] backend = new ComputeBackend[1];
    AtomicBoolean stragglerReturned = new AtomicBoolean();
    java.util.concurrent.CountDownLatch stragglerStarted = new java.util.concurrent.CountDownLatch(1);
    App app = App.builder("slow")
        .function("fan", c -> {
          c.emit("b", "fast", "1");
          c.emit("b", "slow", "2");
          return null;
        }, "b")
        .function("work", c -> {
          if (c.input().key().equals("slow")) {
            stragglerStarted.countDown();
            // Still executing when close begins (close closes the backend first, then drains).
            Await.until("close has begun", () -> !backend[0].health().healthy());
            stragglerReturned.set(true);
          }
          return c.input().text();
        })
        .bucket("b", b -> b.trigger("t", Trigger.immediate(), "work"))
        .build();
    try (ManualEnvironment env = ManualEnvironment.virtualThreads(62)) {
      Jointflow jf = Jointflow.builder().environment(env).backendDecorator(b -> backend[0] = b).build();
      jf.deploy(app);
      RunInfo r = jf.start("slow", Map.of("in", "x")).await(Await.HANG_GUARD);
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).as("the fast instance ended the run").isEqualTo("1");
      // The run may end before the straggler is even dequeued: close once it runs.
      Await.until("the straggler runs", () -> stragglerStarted.getCount() == 0);
      jf.close();
      assertThat(stragglerReturned).as("close waited for the straggler").isTrue();
    }
    assertThat(uncaught).isEmpty();
  }
}
