package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Ephemeral mode: a straggling source function is re-executed after its hint's timeout. */
class RerunHintTest {

  @Test
  void aHungInstanceIsReExecutedAfterTheHintTimeout() throws Exception {
    CountDownLatch hang = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    App app = App.builder("hint").mode(Mode.EPHEMERAL)
        .function("work", c -> {
          calls.incrementAndGet();
          if (c.attempt() == 0) {
            hang.await(); // a straggler
          }
          return c.emit("out", "attempt " + c.attempt());
        }, "out")
        .function("done", c -> c.input().text())
        .bucket("out", b -> b.trigger("t", t -> t.target("done").immediate().rerun("work", Duration.ofMillis(300))))
        .build();
    Harness h = Harness.concurrent(41).deploy(app);
    try {
      RunHandle run = h.jf.start("hint", Map.of("in", "x"));
      while (calls.get() < 1) {
        Thread.onSpinWait();
      }
      h.env.advance(Duration.ofMillis(299));
      assertThat(run.await(Duration.ofMillis(200)).status()).isEqualTo(RunStatus.RUNNING);
      h.env.advance(Duration.ofMillis(1));
      RunInfo r = run.await(Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo("attempt 1");
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      hang.countDown(); // before close, which waits for every thread
      h.close();
    }
  }
}
