package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.cloud.Placement;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.planner.FunctionProfile;
import io.jointflow.planner.Profiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jointflow plan} on the shipped Monte Carlo workload with given profiles (so the plan does
 * not depend on this machine's timing): it prints the plan and writes the placed definition,
 * including the join's state where the plan keeps it away from the majority rule.
 */
class PlanCommandTest {
  private static final Path WORKLOADS = Path.of("..", "examples", "workloads").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  private static FunctionProfile fp(double ms) {
    return new FunctionProfile(1, ms, ms, 1000, 1000, 1, 2, 5);
  }

  /**
   * map is fast on aws only, process-b on ali only, process-a and aggregate on aws: so process-b,
   * which starts 15 ms after process-a, arrives last at the join.
   */
  private static Profiles profiles() {
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("map", Map.of("aws", fp(20), "ali", fp(200)));
    f.put("process-a", Map.of("aws", fp(25), "ali", fp(60)));
    f.put("process-b", Map.of("aws", fp(200), "ali", fp(25)));
    f.put("aggregate", Map.of("aws", fp(10), "ali", fp(100)));
    Map<String, Map<String, Double>> gaps = new LinkedHashMap<>();
    for (String edge : List.of("map>process-a", "map>process-b", "map>aggregate", "process-a>aggregate",
        "process-b>aggregate")) {
      gaps.put(edge, Map.of("aws", 2.0, "ali", 2.0));
    }
    return new Profiles("montecarlo", f, gaps, Map.of("aws", 1.0, "ali", 1.0), Map.of("aws", 1.0, "ali", 1.0), 5);
  }

  @Test
  void thePlanKeepsTheJoinsStateWithTheLastBranchAndWritesItIntoTheDefinition() throws Exception {
    // The shipped app without its hand-placed state, so the plan has to put it there.
    String shipped = Files.readString(WORKLOADS.resolve("montecarlo.yaml"));
    assertThat(shipped).contains(", state: ali}");
    Path app = dir.resolve("montecarlo.yaml");
    Files.writeString(app, shipped.replace(", state: ali}", "}"));
    Path profiles = dir.resolve("profiles.json");
    profiles().write(profiles);
    Path planned = dir.resolve("planned.yaml");

    CliResult r = cli("plan", app.toString(), "--clouds", WORKLOADS.resolve("clouds.yaml").toString(), "--objective",
        "makespan", "--profiles", profiles.toString(), "--check", "0", "-o", planned.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("plan for app 'montecarlo' (objective makespan)")
        .containsPattern("hits/join +state on ali");
    App placed = AppDefinitions.load(planned, PlanCommandTest.class.getClassLoader()).app();
    assertThat(Placement.of(placed).functions()).containsEntry("map", List.of("aws", "ali"))
        .containsEntry("process-a", List.of("aws", "ali")).containsEntry("process-b", List.of("ali", "aws"))
        .containsEntry("aggregate", List.of("aws", "ali"));
    assertThat(Placement.of(placed).triggerState("hits", "join"))
        .as("the rule would say aws: map and process-a against process-b").isEqualTo("ali");
    assertThat(Files.readString(planned)).contains("- {name: join, type: dynamic-join, target: aggregate, state: ali}")
        .startsWith("# planned by: jointflow plan");
  }
}
