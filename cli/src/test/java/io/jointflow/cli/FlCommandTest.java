package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jointflow fl train}: the shipped example, shortened, on its three emulated clouds. */
class FlCommandTest {
  @TempDir
  Path dir;

  @Test
  void trainsTwoMethodsAndWritesTheReportAndCharts() throws Exception {
    Path example = Path.of("..", "examples", "fl").toAbsolutePath().normalize();
    String yaml = Files.readString(example.resolve("fl.yaml"))
        .replace("clouds: clouds.yaml", "clouds: " + example.resolve("clouds.yaml"))
        .replace("../../fl/", example.resolve("../../fl/").normalize() + "/")
        .replace("budget: 400", "budget: 100");
    Path file = dir.resolve("fl.yaml");
    Files.writeString(file, yaml);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"fl", "train", file.toString(), "--out", dir.resolve("r").toString(),
        "--methods", "nebulafl,hierfedavg"}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("fl job 'digits-3dc'").containsPattern("nebulafl +0\\.\\d+")
        .containsPattern("hierfedavg +0\\.\\d+").contains("targets");
    assertThat(err.toString()).contains("nebulafl    [####").contains("100%");
    for (String f : new String[] {"report.txt", "curves.csv", "accuracy-time.png", "accuracy-cost.png",
        "cross-cloud-bytes.png"}) {
      assertThat(dir.resolve("r").resolve(f)).isNotEmptyFile();
    }
  }

  @Test
  void anUnknownMethodIsRefusedWithTheValidOnes() throws Exception {
    Path example = Path.of("..", "examples", "fl", "fl.yaml").toAbsolutePath().normalize();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"fl", "train", example.toString(), "--methods", "fedprox"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).contains("fl method 'fedprox' is unknown; valid: nebulafl, fedavg");
  }

  @Test
  void flAppsWritesAJobAndATransferAppPerPairOfDataCentersAndAnAgentAppPerDataCenter() throws Exception {
    Path example = Path.of("..", "examples", "fl", "fl.yaml").toAbsolutePath().normalize();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"fl", "apps", example.toString(), "--out", dir.resolve("apps").toString(),
        "--timeout", "7s"}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("wrote 21 apps");
    try (var files = Files.list(dir.resolve("apps"))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).hasSize(21)
          .contains("fl-agent-0.yaml", "fl-agent-2.yaml", "fl-job-0-to-2.yaml", "fl-move-2-to-1.yaml");
    }
    String job = Files.readString(dir.resolve("apps/fl-job-0-to-2.yaml"));
    assertThat(job).contains("app: fl-job-0-to-2", "io.jointflow.fl.TrainFunction", "placement: [\"aws-tokyo\"]",
        "io.jointflow.fl.AggregateFunction", "placement: [\"ali-singapore\"]", "{fl: \"" + example + "\"}",
        "timeout: 7000ms");
    // the files are valid apps: validate reads them like a worker does
    CliResult valid = CliResult.of("validate", dir.resolve("apps/fl-job-0-to-2.yaml").toString());
    assertThat(valid.code()).as(valid.out() + valid.err()).isZero();
  }

  @Test
  void trainingOnAClusterThatIsNotThereSaysHowToStartOne() throws Exception {
    Path example = Path.of("..", "examples", "fl", "fl.yaml").toAbsolutePath().normalize();
    CliResult r = CliResult.of("fl", "train", example.toString(), "--cluster", "--cluster-dir",
        dir.resolve("none").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("no cluster in '" + dir.resolve("none") + "'", "jointflow cluster up",
        "jointflow fl apps");
  }
}
