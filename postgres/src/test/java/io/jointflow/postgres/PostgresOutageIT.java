package io.jointflow.postgres;

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
import io.jointflow.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL server killed (SIGKILL, with its backends) while a step of a run on {@code
 * postgres:} state runs: the step's commit fails, the step waits for the store (without using up
 * its attempts), and once the server is back from its write-ahead log the run completes with its
 * result, every step committed once and every effect counted once.
 */
class PostgresOutageIT {
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
    try (PostgresServer pg = PostgresServer.start(); ManualEnvironment env = ManualEnvironment.virtualThreads(7);
        Jointflow jf = Jointflow.builder().environment(env).state(pg.url()).blobs("filesystem:" + dir.resolve("blobs")).build()) {
      jf.deploy(app);
      RunHandle run = jf.start("outage", "r1", Map.of("in", "hello"));
      Await.until("b runs", () -> inB.getCount() == 0);
      int timersBefore = env.pendingTasks();
      pg.kill();
      release.countDown();
      // b's commit fails against the dead server, and the step schedules its next try on the clock.
      Await.until("b waits for the store", () -> env.pendingTasks() > timersBefore);
      assertThatThrownBy(run::status).as("reading the run while its store is down says so")
          .isInstanceOf(io.jointflow.spi.StoreException.class)
          .hasMessageMatching("postgres state store 'postgres://127\\.0\\.0\\.1:[0-9]+/postgres' (is unreachable|lost its connection):"
              + " cannot get key 'runs/r1'.*")
          .hasMessageContaining("(retryable");
      pg.restart();
      env.driveUntil(() -> run.status().terminal());
      RunInfo info = run.await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s", info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(info.resultText()).isEqualTo("HELLO!");
      assertThat(info.functions()).extracting(FunctionSummary::instances).containsExactly(1L, 1L, 1L);
      assertThat(effects).hasSize(1);
    }
  }
}
