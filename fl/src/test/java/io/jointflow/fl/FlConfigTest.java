package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.function.JointflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fl.yaml: the shipped example loads; container types come from the clouds' profiles and prices; errors name the fix. */
class FlConfigTest {
  @TempDir Path dir;

  private static final Path EXAMPLE = Path.of("..", "examples", "fl", "fl.yaml").toAbsolutePath().normalize();

  @Test
  void theShippedExampleLoadsWithProfilePricedContainers() {
    FlConfig c = FlConfig.load(EXAMPLE);
    assertThat(c.setup().dataCenters()).containsExactly("aws-tokyo", "ali-tokyo", "ali-singapore");
    assertThat(c.setup().partition()).hasNumberOfRows(15);
    assertThat(c.methods()).containsExactlyElementsOf(Federation.methods());
    assertThat(c.setup().types().get(0)).extracting(ContainerType::name).containsExactly("cpu-1", "cpu-2", "cpu-4");
    ContainerType aws = c.setup().types().get(0).get(0);
    assertThat(aws.speed()).isEqualTo(1.0);
    // 1769 MB at USD 0.0000166667 per GB-second
    assertThat(aws.price()).isCloseTo(1769.0 / 1024 * 0.0000166667, org.assertj.core.data.Offset.offset(1e-9));
    ContainerType ali = c.setup().types().get(1).get(2);
    // 4 vCPUs at 0.00002 plus 8 GB at 0.000003 per second
    assertThat(ali.price()).isCloseTo(4 * 0.00002 + 8 * 0.000003, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(c.setup().options().rotationPeriod()).isEqualTo(40);
  }

  @Test
  void anUnknownKeyOptionOrMethodIsNamedWithTheValidChoices() throws Exception {
    String base = Files.readString(EXAMPLE).replace("clouds: clouds.yaml", "clouds: " + EXAMPLE.resolveSibling("clouds.yaml"))
        .replace("../../fl/", EXAMPLE.resolveSibling("../../fl/").normalize() + "/");
    assertThatThrownBy(() -> load(base + "colour: red\n")).isInstanceOf(JointflowException.class)
        .hasMessageContaining("unknown key 'colour'").hasMessageContaining("owners-per-dc");
    assertThatThrownBy(() -> load(base.replace("seed: 3", "sede: 3"))).hasMessageContaining("unknown option 'sede'");
    assertThatThrownBy(() -> load(base.replace("fedbuff,", "fedprox,"))).hasMessageContaining("method 'fedprox'");
    assertThatThrownBy(() -> load(base.replace("kind: dirichlet", "kind: zipf"))).hasMessageContaining(
        "valid: dirichlet, shards, iid");
    assertThatThrownBy(() -> load(base.replace("rotation-period: 40", "rotation-period: -1")))
        .hasMessageContaining("rotation-period");
  }

  @Test
  void faultsAreReadByKindWithDataCentersByNameOrIndexAndBadOnesNamed() throws Exception {
    String base = Files.readString(EXAMPLE).replace("clouds: clouds.yaml", "clouds: " + EXAMPLE.resolveSibling("clouds.yaml"))
        .replace("../../fl/", EXAMPLE.resolveSibling("../../fl/").normalize() + "/");
    FlConfig c = load(base + """
        faults:
          - {kind: owner-down, owner: 3, from: 10, to: 20.5}
          - {kind: data-center-down, dc: ali-singapore, from: 30, to: 45}
          - {kind: aggregator-crash-once, dc: 0}
          - {kind: tamper, owner: 4}
          - {kind: unattested, owner: 14}
        """);
    assertThat(c.setup().faults()).containsExactly(new Fault.OwnerDown(3, 10, 20.5), new Fault.DataCenterDown(2, 30, 45),
        new Fault.AggregatorCrashOnce(0), new Fault.Tamper(4), new Fault.Unattested(14));
    assertThat(FlConfig.load(EXAMPLE).setup().faults()).isEmpty();
    assertThatThrownBy(() -> load(base + "faults:\n  - {kind: meteor}\n")).hasMessageContaining("fault 1 has kind 'meteor'")
        .hasMessageContaining("owner-down");
    assertThatThrownBy(() -> load(base + "faults:\n  - {kind: tamper, owner: 15}\n"))
        .hasMessageContaining("names owner '15'; owners are 0 to 14");
    assertThatThrownBy(() -> load(base + "faults:\n  - {kind: aggregator-crash-once, dc: mars}\n"))
        .hasMessageContaining("names data center 'mars'; valid: [aws-tokyo, ali-tokyo, ali-singapore]");
    assertThatThrownBy(() -> load(base + "faults:\n  - {kind: owner-down, owner: 1, from: 5}\n"))
        .hasMessageContaining("lacks 'to'");
    assertThatThrownBy(() -> load(base + "faults:\n  - {kind: owner-down, owner: 1, from: 5, to: 5}\n"))
        .hasMessageContaining("must end after it starts");
    assertThatThrownBy(() -> load(base + "faults:\n  - {kind: tamper, owner: 1, when: 3}\n"))
        .hasMessageContaining("unknown key 'when'");
  }

  private FlConfig load(String yaml) throws Exception {
    Path f = dir.resolve("fl.yaml");
    Files.writeString(f, yaml);
    return FlConfig.load(f);
  }
}
