package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Fault;
import io.jointflow.cloud.Limits;
import io.jointflow.cloud.Link;
import io.jointflow.cloud.Prices;
import io.jointflow.cloud.Sizes;
import io.jointflow.function.JointflowException;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host built from a clouds model: its stores, its emulation and prices, and the spans of a run. */
class CloudsFileTest {

  private static Clouds clouds(Fault... faults) {
    Clouds.Builder b = Clouds.builder()
        .cloud("aws", c -> c.compute(ComputeSpec.builder(ComputeType.LOCAL).coldStart(Duration.ofMillis(250)).build())
            .state("memory")
            .prices(Prices.builder().perGbSecond(new BigDecimal("0.0000166667")).perMillionRequests(new BigDecimal("0.20"))
                .perMillionWrites(new BigDecimal("1.4269")).perMillionReads(new BigDecimal("0.285"))
                .perGbEgress(new BigDecimal("0.114")).build())
            .limits(Limits.builder().memory(512 * Sizes.MB).build()))
        .cloud("ali", c -> c.state("memory")
            .prices(Prices.builder().perGbSecond(new BigDecimal("0.000003")).perMillionRequests(new BigDecimal("0.15"))
                .build())
            .limits(Limits.builder().asyncPayload(128 * Sizes.KB).memory(1024 * Sizes.MB).build()))
        .inside(Duration.ofMillis(1))
        .link(Link.between("aws", "ali", Duration.ofMillis(15)));
    for (Fault f : faults) {
      b.fault(f);
    }
    return b.build();
  }

  /** A chain a (aws) -> b (ali) -> c (aws); b gets a 200 KB object, above ali's 128 KB payload limit. */
  private static App app() {
    return App.builder("chain3").placement("aws")
        .function("a", c -> c.emit("toB", new byte[200_000]), "toB")
        .functionSpec("b", f -> f.outputs("toC").placement("ali", "aws")
            .handler(c -> c.emit("toC", String.valueOf(c.input().bytes().length))))
        .function("c", c -> c.input().text())
        .bucket("toB", k -> k.trigger("t", Trigger.immediate(), "b"))
        .bucket("toC", k -> k.trigger("t", Trigger.immediate(), "c"))
        .build();
  }

  private static RunHandle drive(ManualEnvironment env, RunHandle h) {
    env.driveUntil(() -> h.status().terminal());
    for (int i = 0; i < 100; i++) {
      env.advanceWhenIdle(Duration.ofMillis(1), Duration.ofMillis(2));
    }
    return h;
  }

  @Test
  void aRunAcrossTheCloudsOfAFileIsTimedAndPricedByItsSpans() {
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(1);
        Jointflow jf = Jointflow.builder().environment(env).clouds(clouds()).build()) {
      jf.deploy(app());
      RunHandle h = drive(env, jf.start("chain3", "r1", Map.of("in", "x")));
      assertThat(h.await(Await.HANG_GUARD).resultText()).isEqualTo("200000");

      List<Span> spans = h.spans();
      assertThat(spans).extracting(Span::function).containsExactly("a", "b", "c");
      assertThat(spans).extracting(Span::cloud).containsExactly("aws", "ali", "aws");
      assertThat(spans).allSatisfy(s -> {
        assertThat(s.queued()).isBeforeOrEqualTo(s.started());
        assertThat(s.started()).isBeforeOrEqualTo(s.ended());
        assertThat(s.cost()).isPositive();
      });
      assertThat(spans.get(0).coldStart()).as("aws starts cold (250 ms cold start configured)").isTrue();
      assertThat(spans.get(1).memory()).isEqualTo(1024 * Sizes.MB);
      assertThat(spans.get(0).egressCost()).isCloseTo(200_000 * 0.114 / 1e9, org.assertj.core.data.Offset.offset(1e-12));
      // The entry does not read its checkpoint: the run's record was created with its pending record.
      assertThat(spans.get(0).storeCost()).isCloseTo(3 * 1.4269 / 1e6, org.assertj.core.data.Offset.offset(1e-12));
      // b was invoked 15 ms (one way) after a's batch, plus nothing else: ali has no cold start.
      assertThat(Duration.between(spans.get(0).ended(), spans.get(1).started())).isGreaterThanOrEqualTo(Duration.ofMillis(15));
      assertThat(spans.get(1).bytesIn()).isEqualTo(200_000);
      assertThat(spans.get(0).egressBytes()).as("a sends 200 KB to b on ali").isEqualTo(200_000);
      assertThat(spans.get(0).storeWrites()).as("checkpoint, b's record, a's own record").isEqualTo(3);
      assertThat(spans.get(2).storeWrites()).as("the result step also completes the run").isEqualTo(4);
      assertThat(spans.get(2).egressBytes()).isZero();
    }
  }

  @Test
  void aFanInWhoseReferencesAloneExceedTheTargetsPayloadLimitTravelsAsOneListInABlob() {
    int width = 1000; // 1000 x 300 B inline = 300 KB; as blob references still about 200 KB > 128 KB
    App app = App.builder("wide").placement("aws")
        .function("split", c -> {
          for (int i = 0; i < width; i++) {
            c.emit("parts", "p" + i, new byte[300]);
          }
          return null;
        }, "parts")
        .functionSpec("join", f -> f.placement("ali").handler(c -> {
          long bytes = c.inputs().stream().mapToLong(o -> o.bytes().length).sum();
          return c.inputs().size() + " inputs, " + bytes + " bytes, last " + c.inputs().get(width - 1).key();
        }))
        .bucket("parts", k -> k.trigger("t", Trigger.byBatchSize(width), "join"))
        .build();
    try (ManualEnvironment env = ManualEnvironment.concurrentTimers(1);
        Jointflow jf = Jointflow.builder().environment(env).clouds(clouds()).build()) {
      jf.deploy(app);
      RunHandle h = drive(env, jf.start("wide", "r1", Map.of("in", "x")));
      RunInfo info = h.await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s", info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(info.resultText()).isEqualTo(width + " inputs, " + width * 300 + " bytes, last p" + (width - 1));
      assertThat(h.spans()).extracting(Span::cloud).containsExactly("aws", "ali");
    }
  }

  @Test
  void aCloudTypeThatCannotRunInThisProcessIsRefusedByName() {
    Clouds worker = Clouds.builder()
        .cloud("w", c -> c.compute(ComputeSpec.builder(ComputeType.WORKER).url(java.net.URI.create("http://127.0.0.1:1")).build())
            .state("memory"))
        .build();
    assertThatThrownBy(() -> Jointflow.builder().clouds(worker).build())
        .isInstanceOf(JointflowException.class)
        .hasMessageContaining("cloud 'w' has compute type 'worker'");
  }
}
