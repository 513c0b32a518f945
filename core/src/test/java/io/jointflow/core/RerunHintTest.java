package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
    Harness h = Harness.concurrent(41);
    // The re-execution is dispatched by a timer, on the thread that advances the manual clock: record
    // each dispatch of 'work' with the manual time, so that an early one shows without waiting.
    List<String> dispatched = new CopyOnWriteArrayList<>();
    Jointflow jf = Jointflow.builder().environment(h.env).stateStore(h.store).blobStore(h.blobs)
        .backendDecorator(b -> new ForwardingBackend(b) {
          @Override
          public void invokeAsync(String function, Envelope e) {
            if (function.equals("work")) {
              dispatched.add("attempt " + e.attempt() + " at " + h.env.nanoTime() / 1_000_000 + " ms");
            }
            inner.invokeAsync(function, e);
          }
        }).build();
    try {
      jf.deploy(app);
      RunHandle run = jf.start("hint", Map.of("in", "x"));
      Await.until("the first attempt of 'work' runs", () -> calls.get() == 1);
      h.env.advance(Duration.ofMillis(299));
      assertThat(dispatched).containsExactly("attempt 0 at 0 ms");
      assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
      h.env.advance(Duration.ofMillis(1));
      assertThat(dispatched).containsExactly("attempt 0 at 0 ms", "attempt 1 at 300 ms");
      RunInfo r = run.await(Await.HANG_GUARD);
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo("attempt 1");
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      hang.countDown(); // before close, which waits for every thread
      jf.close();
      h.close();
    }
  }
}
