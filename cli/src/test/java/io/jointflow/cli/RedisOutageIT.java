package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.core.FunctionSummary;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.RedisServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Redis server killed while a step runs: the step's commit fails, the step waits for the
 * store (without using up its attempts), and once the server is back from its append-only file the
 * run completes with its result, every step committed once and every effect counted once.
 */
class RedisOutageIT {
  @TempDir Path dir;

  @Test
  void aRunWaitsForItsStoreAndResumesWhenTheServerIsBack() throws Exception {
    Map<String, Integer> effects = new ConcurrentHashMap<>();
    CountDownLatch inB = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    App app = App.builder("outage")
        .function("a", c -> c.emit("ab", c.input().text()), "ab")
        .function("b", c -> {
          effects.merge(c.instanceId(), 1, (x, y) -> 1); // an idempotent effect, by idempotency key
          inB.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return c.emit("bc", c.input().text() + "!");
        }, "bc")
        .function("c", c -> c.input().text().toUpperCase())
        .bucket("ab", b -> b.trigger("t", Trigger.immediate(), "b"))
        .bucket("bc", b -> b.trigger("t", Trigger.immediate(), "c"))
        .build();
    try (RedisServer redis = RedisServer.start(); ManualEnvironment env = ManualEnvironment.virtualThreads(7);
        Jointflow jf = Jointflow.builder().environment(env).state(redis.uri()).blobs("filesystem:" + dir.resolve("blobs")).build()) {
      jf.deploy(app);
      RunHandle run = jf.start("outage", "r1", Map.of("in", "hello"));
      Await.until("b runs", () -> inB.getCount() == 0);
      int timersBefore = env.pendingTasks();
      redis.kill();
      release.countDown();
      // b's commit fails against the dead server, and the step schedules its next try on the clock.
      Await.until("b waits for the store", () -> env.pendingTasks() > timersBefore);
      assertThatThrownBy(run::status).as("reading the run while its store is down says so")
          .isInstanceOf(io.jointflow.spi.StoreException.class)
          // Which of the two a read meets depends on whether the client has noticed the dead socket yet.
          .hasMessageMatching("redis state store '.*' (is unreachable|lost its connection): cannot get key 'runs/r1'.*")
          .hasMessageContaining("(retryable");
      redis.restart();
      env.driveUntil(() -> run.status().terminal());
      RunInfo info = run.await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s", info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(info.resultText()).isEqualTo("HELLO!");
      assertThat(info.functions()).extracting(FunctionSummary::instances).containsExactly(1L, 1L, 1L);
      assertThat(effects).hasSize(1);
    }
  }
}
