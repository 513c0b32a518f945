package io.jointflow.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Placement;
import io.jointflow.definition.AppDefinitions;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan written into app definitions of either YAML layout, checked by loading them back. */
class PlacementsTest {
  private static final ClassLoader LOADER = PlacementsTest.class.getClassLoader();

  @Test
  void flowMappingsOfTheIotChainGetThePlannedPlacement() throws Exception {
    Path file = Path.of("../examples/clouds/iot-chain.yaml");
    Map<String, List<String>> plan = new LinkedHashMap<>();
    for (int i = 1; i <= 10; i++) {
      plan.put("r" + i, List.of("ali", "aws"));
    }
    String out = Placements.rewrite(Files.readString(file), plan, file.getParent(), LOADER);
    var app = AppDefinitions.load(new StringReader(out), "x", file.getParent(), LOADER).app();
    assertThat(Placement.of(app).functions()).isEqualTo(plan);
    assertThat(out).contains("# Jointλ's IoT pipeline").as("comments are kept");
  }

  @Test
  void blockMappingsGetAPlacementReplacedOrAdded() {
    String yaml = """
        app: two
        functions:
          a:
            class: io.jointflow.examples.iot.Record
            outputs: [x]
            config: {to: x}
          b:
            class: io.jointflow.examples.iot.Record
            placement:
              - aws
        buckets:
          x: {triggers: [{name: t, type: immediate, target: b}]}
        """;
    Map<String, List<String>> plan = Map.of("a", List.of("ali", "aws"), "b", List.of("ali"));
    String out = Placements.rewrite(yaml, plan, Path.of("."), LOADER);
    var app = AppDefinitions.load(new StringReader(out), "x", Path.of("."), LOADER).app();
    assertThat(Placement.of(app).functions()).isEqualTo(Map.of("a", List.of("ali", "aws"), "b", List.of("ali")));
  }
}
