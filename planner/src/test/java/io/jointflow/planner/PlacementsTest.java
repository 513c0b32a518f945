package io.jointflow.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  private static Plan withState(Map<String, List<String>> placement, Map<String, String> state) {
    Prediction none = new Prediction(Map.of(), Map.of(), 0, 0, 0, 0, "USD", List.of(), List.of());
    return new Plan("mc", placement, state, none, PlanOptions.defaults(), true, 0, "test", Map.of());
  }

  @Test
  void aPlannedTriggerStateIsWrittenIntoFlowAndBlockTriggersAndARuleStateIsRemoved() {
    String yaml = """
        app: mc
        placement: [aws]
        result: sum
        functions:
          map: {class: io.jointflow.examples.iot.Record, outputs: [hits, more], config: {to: hits}}
          sum: {class: io.jointflow.examples.iot.Record}
          all: {class: io.jointflow.examples.iot.Record}
        buckets:
          hits:
            triggers:
              - {name: join, type: dynamic-join, target: sum}
          more:
            triggers:
              - name: batch
                type: by-batch-size
                size: 2
                state: aws # was placed by hand
                target: all
        """;
    Map<String, List<String>> placement = Map.of("map", List.of("aws"), "sum", List.of("aws"), "all", List.of("ali"));
    String out = Placements.rewrite(yaml, withState(placement, Map.of("hits/join", "ali")), Path.of("."), LOADER);
    var app = AppDefinitions.load(new StringReader(out), "x", Path.of("."), LOADER).app();
    assertThat(app.bucket("hits").triggers().get(0).state()).isEqualTo("ali");
    assertThat(app.bucket("more").triggers().get(0).state()).as("the plan leaves it to the rule").isNull();
    assertThat(out).contains("- {name: join, type: dynamic-join, target: sum, state: ali}");

    String back = Placements.rewrite(out, withState(placement, Map.of("more/batch", "ali")), Path.of("."), LOADER);
    var again = AppDefinitions.load(new StringReader(back), "x", Path.of("."), LOADER).app();
    assertThat(again.bucket("hits").triggers().get(0).state()).isNull();
    assertThat(again.bucket("more").triggers().get(0).state()).isEqualTo("ali");
    assertThat(back).contains("      - name: batch\n        state: ali\n");
  }

  @Test
  void aTriggerTheRewriteCannotFindIsLeftToTheUserByName() {
    String yaml = """
        app: mc
        placement: [aws]
        functions:
          map: {class: io.jointflow.examples.iot.Record, outputs: [hits], config: {to: hits}}
          sum: {class: io.jointflow.examples.iot.Record}
        buckets:
          hits: {triggers: [{name: join, type: dynamic-join, target: sum}]}
        """;
    Map<String, List<String>> placement = Map.of("map", List.of("aws"), "sum", List.of("aws"));
    assertThatThrownBy(() -> Placements.rewrite(yaml, withState(placement, Map.of("hits/join", "ali")), Path.of("."),
        LOADER)).isInstanceOf(PlanException.class).hasMessage("the definition's layout defeats writing the state of"
            + " trigger 'join' on bucket 'hits'; put 'state: ali' on it by hand");
    assertThat(Placements.fragment(withState(placement, Map.of("hits/join", "ali"))))
        .endsWith("# bucket hits, trigger join: state: ali\n");
  }
}
