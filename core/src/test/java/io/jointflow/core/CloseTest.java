package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.TerminalException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing right after a run ends drains executing instances instead of failing them on closed stores. */
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
      try (Jointflow jf = Jointflow.builder().build()) {
        jf.deploy(app);
        RunInfo r = jf.start("fail", Map.of("in", "x")).await(Duration.ofSeconds(5));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.failure()).endsWith("failed: no");
      }
    }
    assertThat(uncaught).isEmpty();
  }

  @Test
  void closingWhileAStragglerStillRunsWaitsForIt() throws Exception {
    App app = App.builder("slow")
        .function("fan", c -> {
          c.emit("b", "fast", "1");
          c.emit("b", "slow", "2");
          return null;
        }, "b")
        .function("work", c -> {
          if (c.input().key().equals("slow")) {
            Thread.sleep(100);
          }
          return c.input().text();
        })
        .bucket("b", b -> b.trigger("t", Trigger.immediate(), "work"))
        .build();
    try (Jointflow jf = Jointflow.builder().build()) {
      jf.deploy(app);
      assertThat(jf.start("slow", Map.of("in", "x")).await(Duration.ofSeconds(5)).status())
          .isEqualTo(RunStatus.SUCCEEDED);
    }
    Thread.sleep(200);
    assertThat(uncaught).isEmpty();
  }
}
