package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Fault;
import io.jointflow.cloud.Limits;
import io.jointflow.cloud.Link;
import io.jointflow.cloud.Sizes;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Only emulated clouds get emulated latency and cold starts: a real cloud (aws-lambda) has its own
 * network and cold starts, so the clouds file's numbers for it add nothing; payload limits and
 * injected faults still apply to it.
 */
class CloudsEmulationTest {

  private static Clouds clouds() {
    return Clouds.builder()
        .cloud("sim", c -> c.compute(ComputeSpec.builder(ComputeType.LOCAL).coldStart(Duration.ofMillis(250)).build()))
        .cloud("sim2", c -> c.compute(ComputeSpec.builder(ComputeType.LOCAL).build()))
        .cloud("lambda", c -> c.compute(ComputeSpec.builder(ComputeType.AWS_LAMBDA).option("region", "us-east-1")
                .coldStart(Duration.ofMillis(400)).build())
            .limits(Limits.builder().asyncPayload(256 * Sizes.KB).build()))
        .inside(Duration.ofMillis(2))
        .link(Link.between("sim", "sim2", Duration.ofMillis(10)))
        .link(Link.between("sim", "lambda", Duration.ofMillis(30)))
        .link(Link.between("sim2", "lambda", Duration.ofMillis(30)))
        .fault(Fault.outage("lambda", Duration.ZERO, Duration.ofSeconds(5)))
        .build();
  }

  private static Duration oneWay(Emulation e, String from, String to) {
    return e.oneWay(from, to, 0, new SplittableRandom(1), Duration.ZERO);
  }

  @Test
  void emulatedCloudsKeepTheirLatencyAndColdStarts() {
    Emulation e = CloudsEmulation.of(clouds());
    assertThat(oneWay(e, "sim", "sim2")).isEqualTo(Duration.ofMillis(10));
    assertThat(oneWay(e, "sim", "sim")).isEqualTo(Duration.ofMillis(2));
    assertThat(e.coldStart("sim").duration()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void aRealCloudGetsNoEmulatedLatencyOrColdStart() {
    Emulation e = CloudsEmulation.of(clouds());
    assertThat(oneWay(e, "sim", "lambda")).isZero();
    assertThat(oneWay(e, "lambda", "sim2")).isZero();
    assertThat(oneWay(e, "lambda", "lambda")).isZero();
    assertThat(e.coldStart("lambda")).isNull();
  }

  @Test
  void aRealCloudKeepsItsPayloadLimitAndInjectedFaults() {
    Emulation e = CloudsEmulation.of(clouds());
    assertThat(e.payloadLimit("lambda")).isEqualTo(256 * Sizes.KB);
    assertThat(e.active("lambda", Emulation.FaultKind.OUTAGE, Duration.ofSeconds(1))).isNotNull();
  }
}
