package io.jointflow.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointflow.cloud.Clouds;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.examples.montecarlo.Pi;
import io.jointflow.examples.qa.Qa;
import io.jointflow.examples.video.Video;
import io.jointflow.examples.workloads.Workload;
import io.jointflow.examples.workloads.Workloads;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workloads on the centralized peer compute the same results as on Jointflow, and every function
 * runs in the cloud of its placement. Emulated delays are real waits here (no timing is asserted).
 */
class TemporalPeerTest {
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static TemporalPeer peer;

  @BeforeAll
  static void start() {
    Clouds clouds = CloudsDefinitions.load(EXAMPLES.resolve(Workload.CLOUDS));
    peer = TemporalPeer.start(clouds, "aws", TemporalPeerTest.class.getClassLoader());
  }

  @AfterAll
  static void stop() {
    peer.close();
  }

  private static TemporalPeer.PeerRun run(Workload w, int size) {
    TemporalPeer.PeerRun r = peer.run(w.app(size), w.inputs(size, EXAMPLES));
    Map<String, java.util.List<String>> placement = w.placement(size);
    assertThat(r.invocations()).allSatisfy(i -> assertThat(i.cloud()).isEqualTo(placement.get(i.function()).get(0)));
    assertThat(r.historyEvents()).isGreaterThan(r.invocations().size());
    return r;
  }

  @Test
  void video() {
    TemporalPeer.PeerRun r = run(Workloads.video(), 4);
    Video.Verdict v = r.resultAs(Video.Verdict.class);
    assertThat(v.label()).isEqualTo("moving-object");
    assertThat(v.chunks()).isEqualTo(4);
    assertThat(r.invocations()).hasSize(2 * 4 + 3);
  }

  @Test
  void qa() {
    TemporalPeer.PeerRun r = run(Workloads.qa(), 2);
    assertThat(r.resultAs(Qa.Answers.class).answers()).hasSize(2)
        .allSatisfy(a -> assertThat(a.answer()).isNotBlank());
    assertThat(r.invocations()).hasSize(1 + 2 + 1);
  }

  @Test
  void iot() {
    TemporalPeer.PeerRun r = run(Workloads.iot(), 3);
    assertThat(r.resultText()).isEqualTo(Workloads.reading());
    assertThat(r.invocations()).extracting(Invocation::cloud).containsExactly("aws", "ali", "aws");
    // each invocation in ali pays the 30 ms round trip from the orchestrator in aws
    assertThat(r.invocations().get(1).networkNanos()).isEqualTo(30_000_000L);
    assertThat(r.invocations().get(0).networkNanos()).isEqualTo(2_000_000L);
  }

  @Test
  void monteCarlo() {
    TemporalPeer.PeerRun r = run(Workloads.monteCarlo(), 8);
    Pi.Estimate e = r.resultAs(Pi.Estimate.class);
    assertThat(e.pi()).isCloseTo(Math.PI, within(0.01));
    assertThat(e.branches()).isEqualTo(8);
    assertThat(r.invocations()).hasSize(1 + 8 + 1);
  }
}
