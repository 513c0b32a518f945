package io.jointflow.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Link;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.function.Obj;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.FcStandIn;
import io.jointflow.worker.EnvelopeCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-cloud run: cloud {@code a} runs here (host A), cloud {@code b} is {@code aliyun-fc} at the
 * FC stand-in, whose "function" is host B: the stand-in decodes each accepted async invocation and
 * delivers it to host B, which runs it and invokes its successors on {@code a} (delivered to host A,
 * standing in for the way back). States are SQLite files both hosts share. A fan-out on {@code b} and
 * a fan-in on {@code a} give the right result with every handler run once; with FC refusing, the
 * fan-out fails over to {@code a}.
 */
class FcEndToEndTest {
  private static final String KEY_ID = FcBackendContractTest.KEY_ID;
  private static final Map<String, Integer> EFFECTS = new ConcurrentHashMap<>();

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private Clouds clouds(FcStandIn fc) {
    return Clouds.builder()
        .cloud("a", c -> c.state("sqlite:" + dir.resolve("a.db")))
        .cloud("b", c -> c.compute(ComputeSpec.builder(ComputeType.ALIYUN_FC).option("region", "cn-hangzhou")
                .option("endpoint", fc == null ? "http://127.0.0.1:9" : fc.endpoint().toString())
                .option("function-prefix", "jf-").credentialsEnv("FC_TEST_ID", "FC_TEST_SECRET").build())
            .state("sqlite:" + dir.resolve("b.db")))
        .link(Link.between("a", "b", Duration.ZERO))
        .build();
  }

  /** split on a emits 3 numbers and the count; square on b (failover a); join on a sums the squares. */
  static App app() {
    return App.builder("xc").placement("a")
        .function("split", c -> {
          EFFECTS.merge(c.instanceId(), 1, Integer::sum);
          for (int i = 0; i < 3; i++) {
            c.emit("work", "w" + i, String.valueOf(i + 1));
          }
          return c.emit("results", "ctrl", 3);
        }, "work", "results")
        .functionSpec("square", f -> f.outputs("results").placement("b", "a").handler(c -> {
          EFFECTS.merge(c.instanceId(), 1, Integer::sum);
          int i = Integer.parseInt(c.input().text());
          return c.emit("results", "r" + i, String.valueOf(i * i));
        }))
        .functionSpec("join", f -> f.handler(c -> {
          EFFECTS.merge(c.instanceId(), 1, Integer::sum);
          long sum = 0;
          for (Obj o : c.inputs()) {
            sum += Long.parseLong(o.text());
          }
          return sum;
        }))
        .bucket("work", b -> b.trigger("t", t -> t.target("square").immediate().maxFires(3)))
        .bucket("results", b -> b.trigger("t", t -> t.type(Trigger.dynamicJoin()).target("join").maxFires(1)))
        .build();
  }

  /** Host A (cloud a here, b through the provider) and host B (cloud b here, a delivered to host A). */
  private Jointflow[] hosts(FcStandIn fc, Clouds clouds) {
    Map<String, String> vars = Map.of("FC_TEST_ID", KEY_ID, "FC_TEST_SECRET", "secret");
    JointflowOptions options = JointflowOptions.defaults().withRecovery(Duration.ofMillis(200), Duration.ofSeconds(2));
    Jointflow a = keep(Jointflow.builder().options(options)
        .clouds(clouds, "a", c -> c.name().equals("b") ? new FcBackendProvider().open(c, null, vars::get) : null)
        .build());
    AtomicReference<Jointflow> toA = new AtomicReference<>(a);
    Jointflow b = keep(Jointflow.builder().options(options)
        .clouds(clouds, "b", c -> c.name().equals("a") ? new DeliverTo(toA) : null)
        .build());
    a.deploy(app());
    b.deploy(app());
    EnvelopeCodec codec = new EnvelopeCodec(FcStandIn.ASYNC_LIMIT);
    fc.deploy("jf-square", body -> {
      b.deliver(codec.decode(body, null));
      return new byte[0];
    });
    return new Jointflow[] {a, b};
  }

  @Test
  void aFanOutOnFunctionComputeAndAFanInHereRunEachHandlerOnce() {
    EFFECTS.clear();
    FcStandIn fc = keep(FcStandIn.start(KEY_ID, 8));
    Jointflow[] h = hosts(fc, clouds(fc));

    RunInfo done = h[0].start("xc", "run-1", Map.of("in", "x")).await(Await.HANG_GUARD);

    assertThat(done.status()).as(done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.resultText()).isEqualTo("14");
    assertThat(fc.requests()).hasSize(3).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/2023-03-30/functions/jf-square/invocations");
      assertThat(r.invocationType()).isEqualTo("Async");
    });
    assertThat(EFFECTS).hasSize(5).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    assertThat(h[0].failoverCount()).isZero();
  }

  @Test
  void whenFunctionComputeThrottlesTheFanOutFailsOverToTheOtherCloud() {
    EFFECTS.clear();
    FcStandIn fc = keep(FcStandIn.start(KEY_ID, 8));
    Jointflow[] h = hosts(fc, clouds(fc));
    fc.failNext(503, "ResourceThrottled", "instances exceed the limit", 1_000);

    RunInfo done = h[0].start("xc", "run-2", Map.of("in", "x")).await(Await.HANG_GUARD);

    assertThat(done.status()).as(done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.resultText()).isEqualTo("14");
    assertThat(h[0].failoverCount()).isGreaterThanOrEqualTo(1);
    assertThat(EFFECTS).hasSize(5).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  @Test
  void anEmbeddedHostOpensAliyunFcThroughServiceLoaderAndNamesAMissingCredential() {
    assertThatThrownBy(() -> Jointflow.builder().clouds(clouds(null)).build())
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("cloud 'b' (aliyun-fc) reads its credentials from the environment variable FC_TEST_ID");
  }

  /** Cloud a seen from host B: invocations are handed to host A (which a real deployment reaches over its own wire). */
  private record DeliverTo(AtomicReference<Jointflow> host) implements ComputeBackend {
    @Override
    public String name() {
      return "deliver";
    }

    @Override
    public void invokeAsync(String function, Envelope envelope) {
      host.get().deliver(envelope);
    }

    @Override
    public Health health() {
      return new Health(true, "in process");
    }

    @Override
    public Limits limits() {
      return new Limits(io.jointflow.cloud.Limits.DEFAULT_ASYNC_PAYLOAD, 0);
    }

    @Override
    public Billing billing() {
      return new Billing(0, 0, Duration.ofMillis(1));
    }

    @Override
    public void close() {}
  }
}
