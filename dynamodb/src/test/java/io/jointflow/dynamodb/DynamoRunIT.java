package io.jointflow.dynamodb;

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
import io.jointflow.testkit.DynamoDbServer;
import io.jointflow.testkit.ManualEnvironment;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole Jointflow runs on {@code --state dynamodb://...} against a real server process (the
 * testkit's DynamoDB stand-in), credentials from the SDK's default chain: a 40-wide
 * fan-out/fan-in app completes with every step committed once; a server killed (SIGKILL) while a step runs makes the
 * step wait for the store, and once the server is back from its log the run completes with every
 * effect counted once.
 */
class DynamoRunIT {
  /** Wider than one batch of the store (33 operations), so the split's records take several transactions. */
  private static final int WIDTH = 40;
  @TempDir Path dir;

  @BeforeAll
  static void credentials() {
    System.setProperty("aws.accessKeyId", DynamoDbServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "secret");
  }

  @Test
  void aFanOutFanInRunCompletesExactlyOnce() {
    AtomicInteger effects = new AtomicInteger();
    App app = App.builder("fan")
        .function("split", c -> {
          for (int i = 0; i < WIDTH; i++) {
            c.emit("parts", "p" + i, String.valueOf(i));
          }
          return null;
        }, "parts")
        .function("square", c -> {
          effects.incrementAndGet();
          int n = Integer.parseInt(c.input().text());
          return c.emit("squares", String.valueOf(n * n));
        }, "squares")
        .function("sum", c -> {
          int total = 0;
          for (var in : c.inputs()) {
            total += Integer.parseInt(in.text());
          }
          return String.valueOf(total);
        })
        .bucket("parts", b -> b.trigger("each", Trigger.immediate(), "square"))
        .bucket("squares", b -> b.trigger("all", Trigger.byBatchSize(WIDTH), "sum"))
        .build();
    try (DynamoDbServer ddb = DynamoDbServer.start(); ManualEnvironment env = ManualEnvironment.virtualThreads(3);
        Jointflow jf = Jointflow.builder().environment(env).state(ddb.location("runs")).blobs("filesystem:" + dir.resolve("blobs")).build()) {
      jf.deploy(app);
      RunHandle run = jf.start("fan", "r1", Map.of("in", "go"));
      env.driveUntil(() -> run.status().terminal());
      RunInfo info = run.await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s", info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(info.resultText()).isEqualTo("20540"); // the sum of i * i for i < 40
      assertThat(info.functions()).extracting(FunctionSummary::instances).containsExactly(1L, (long) WIDTH, 1L);
      assertThat(effects).hasValue(WIDTH);
    }
  }

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
    try (DynamoDbServer ddb = DynamoDbServer.start(); ManualEnvironment env = ManualEnvironment.virtualThreads(7);
        Jointflow jf = Jointflow.builder().environment(env).state(ddb.location("runs")).blobs("filesystem:" + dir.resolve("blobs")).build()) {
      jf.deploy(app);
      RunHandle run = jf.start("outage", "r1", Map.of("in", "hello"));
      Await.until("b runs", () -> inB.getCount() == 0);
      int timersBefore = env.pendingTasks();
      ddb.kill();
      release.countDown();
      Await.until("b waits for the store", () -> env.pendingTasks() > timersBefore);
      assertThatThrownBy(run::status).as("reading the run while its store is down says so")
          .isInstanceOf(io.jointflow.spi.StoreException.class)
          .hasMessageStartingWith("dynamodb state store 'dynamodb://runs (us-east-1, " + ddb.endpoint() + ")' is unreachable: "
              + "cannot get key 'runs/r1'")
          .hasMessageContaining("(retryable");
      ddb.restart();
      env.driveUntil(() -> run.status().terminal());
      RunInfo info = run.await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s", info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(info.resultText()).isEqualTo("HELLO!");
      assertThat(info.functions()).extracting(FunctionSummary::instances).containsExactly(1L, 1L, 1L);
      assertThat(effects).hasSize(1);
    }
  }
}
