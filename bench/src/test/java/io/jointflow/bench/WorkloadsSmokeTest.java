package io.jointflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workloads benchmark runs end to end at its smoke sizes (each run's result is checked by the
 * benchmark itself) and writes its report, one PNG chart per workload and the profiles file; no
 * timing is asserted. It starts two redis-servers of its own (apt-get install -y redis-server).
 */
class WorkloadsSmokeTest {

  @Test
  void runsBothSystemsAndWritesReportChartsAndProfiles(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int status = BenchMain.run(new String[] {"workloads", "--scale", "0.01", "--out", dir.toString(),
        "--examples", Path.of("..", "examples").toString(), "--tmp", dir.toString()},
        new PrintStream(console, true, StandardCharsets.UTF_8));

    String out = console.toString(StandardCharsets.UTF_8);
    assertThat(status).as(out).isZero();
    List<String> names;
    try (var list = Files.list(dir)) {
      names = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    for (String w : List.of("video", "qa", "iot", "montecarlo")) {
      String png = names.stream().filter(n -> n.endsWith("-workloads-" + w + ".png")).findFirst().orElseThrow();
      assertThat(ImageIO.read(dir.resolve(png).toFile()).getWidth()).isPositive();
    }
    assertThat(names).anyMatch(n -> n.endsWith("-workloads-profiles.json")).anyMatch(n -> n.endsWith("-workloads.md"));
    String report = Files.readString(dir.resolve(names.stream().filter(n -> n.endsWith("-workloads.md")).findFirst()
        .orElseThrow()));
    assertThat(report).contains("## workloads: ", "| jointflow | video fan-out=2: makespan",
        "| temporal | montecarlo branches=4: cost per 10^6 runs, USD, managed orchestrator",
        "iot chain length=3: makespan p50 <= the centralized peer's", "lower bound on a real Temporal deployment");
    String profiles = Files.readString(dir.resolve(names.stream().filter(n -> n.endsWith("-profiles.json"))
        .findFirst().orElseThrow()));
    assertThat(profiles).contains("\"resnet\"", "\"handlerMsP50Jointflow\"", "\"consumerBytesInPerInstance\"");
    assertThat(names).noneMatch(n -> n.startsWith("jointflow-bench-"));
  }
}
