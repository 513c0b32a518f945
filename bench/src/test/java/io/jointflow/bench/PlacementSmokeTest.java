package io.jointflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The placement benchmark calibrates, plans and checks every workload at its smallest smoke size
 * and reports the plan against the hand placement and the prediction errors; no timing and no
 * verdict is asserted (a smoke run is too short for either).
 */
class PlacementSmokeTest {

  @Test
  void plansEveryWorkloadAndComparesWithTheHandPlacement(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int status = BenchMain.run(new String[] {"placement", "--scale", "0.01", "--out", dir.toString(),
        "--examples", Path.of("..", "examples").toString(), "--tmp", dir.toString()},
        new PrintStream(console, true, StandardCharsets.UTF_8));

    String out = console.toString(StandardCharsets.UTF_8);
    assertThat(status).as(out).isZero();
    List<String> names;
    try (var list = Files.list(dir)) {
      names = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    String report = Files.readString(dir.resolve(names.stream().filter(n -> n.endsWith("-placement.md")).findFirst()
        .orElseThrow()));
    for (String w : List.of("video fan-out=2", "qa questions=2", "iot chain length=1", "montecarlo branches=2")) {
      assertThat(report).contains("| planned | " + w + ": makespan measured p50", w + ": plan ",
          w + ": measured cost / hand placement's");
    }
    assertThat(report).contains("makespan prediction error p50 over the workloads",
        "workloads where the plan beats the hand placement");
  }
}
