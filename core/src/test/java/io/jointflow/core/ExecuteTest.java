package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.Clouds;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Jointflow#execute}, the entry of a FaaS function (Lambda): a host whose own cloud is reached
 * through a backend runs each delivered envelope on the calling thread, and when it returns the
 * step is committed, its successors were handed to the backend, its pending record is gone, and a
 * failed attempt was retried inline.
 */
class ExecuteTest {

  /** A cloud backend that only queues: the test plays the cloud and delivers by hand. */
  private static final class Queued implements ComputeBackend {
    final BlockingQueue<Envelope> sent = new LinkedBlockingQueue<>();

    @Override
    public String name() {
      return "queued";
    }

    @Override
    public void invokeAsync(String function, Envelope envelope) {
      sent.add(envelope);
    }

    @Override
    public Health health() {
      return new Health(true, "queued");
    }

    @Override
    public Limits limits() {
      return new Limits(256 * 1024, 0);
    }

    @Override
    public Billing billing() {
      return new Billing(0, 0, Duration.ofMillis(1));
    }

    @Override
    public void close() { }
  }

  private static Jointflow host(Queued cloud) {
    Clouds clouds = Clouds.builder().cloud("fn", c -> c.state("memory")).build();
    return Jointflow.builder().clouds(clouds, "fn", c -> cloud)
        .options(JointflowOptions.builder().retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
        .build();
  }

  private static App chain(AtomicInteger failures) {
    return App.builder("chain")
        .function("a", c -> c.emit("ab", c.input().text() + "a"), "ab")
        .functionSpec("b", f -> f.maxAttempts(3).handler(c -> {
          if (failures.getAndDecrement() > 0) {
            throw new IllegalStateException("flaky");
          }
          return c.input().text() + "b";
        }))
        .bucket("ab", k -> k.trigger("t", Trigger.immediate(), "b"))
        .build();
  }

  @Test
  void eachStepIsCommittedAndItsSuccessorSentBeforeExecuteReturns() throws Exception {
    Queued cloud = new Queued();
    try (Jointflow jf = host(cloud)) {
      jf.deploy(chain(new AtomicInteger()));
      RunHandle run = jf.start("chain", "r1", Map.of("in", "x"));
      Envelope a = cloud.sent.take();
      assertThat(a.function()).isEqualTo("a");
      jf.execute(a);
      assertThat(cloud.sent).hasSize(1).first().satisfies(b -> assertThat(b.function()).isEqualTo("b"));
      assertThat(pending(jf, "r1")).as("a's pending record, deleted before execute returned")
          .extracting(Map.Entry::getKey).noneMatch(k -> k.endsWith(a.instanceId()));
      jf.execute(cloud.sent.take());
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.info().resultText()).isEqualTo("xab");
      assertThat(pending(jf, "r1")).isEmpty();
    }
  }

  @Test
  void aFailedAttemptIsRetriedInlineBeforeExecuteReturns() throws Exception {
    Queued cloud = new Queued();
    try (Jointflow jf = host(cloud)) {
      AtomicInteger failures = new AtomicInteger(2);
      jf.deploy(chain(failures));
      RunHandle run = jf.start("chain", "r2", Map.of("in", "y"));
      jf.execute(cloud.sent.take());
      jf.execute(cloud.sent.take()); // b fails twice, succeeds on its third attempt, all in here
      assertThat(cloud.sent).as("no retry left for a timer").isEmpty();
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.info().resultText()).isEqualTo("yab");
    }
  }

  @Test
  void anEnvelopeOfAnAppNotDeployedIsRefused() {
    Queued cloud = new Queued();
    try (Jointflow jf = host(cloud)) {
      Envelope e = new Envelope("ghost", "r", "f", "i", "start", List.of(), List.of(), 0, 0, 0, "r", null);
      assertThatThrownBy(() -> jf.execute(e)).isInstanceOf(JointflowException.class)
          .hasMessageContaining("app 'ghost' is not deployed");
    }
  }

  private static List<Map.Entry<String, Versioned>> pending(Jointflow jf, String runId) {
    return Host.scanAll(jf.host().durable(), Keys.pendingOfRun("chain", runId)).stream()
        .map(e -> Map.entry(e.key(), e.value())).toList();
  }
}
