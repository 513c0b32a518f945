package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --clouds}: the shipped IoT chain runs across the two shipped clouds (emulated in process,
 * with their network and cold starts), and {@code runs show} prices it by cloud from its spans.
 */
class CliCloudsTest {
  @TempDir
  Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  @Test
  void theIotChainRunsAcrossTwoCloudsAndIsPricedByCloud() throws Exception {
    Path examples = Path.of("..", "examples", "clouds").toAbsolutePath().normalize();
    // The shipped clouds file, with its stores moved into this test's directory.
    String clouds = Files.readString(examples.resolve("two-clouds.yaml"))
        .replace("sqlite:.jointflow/", "sqlite:" + dir + "/");
    Path cloudsFile = dir.resolve("two-clouds.yaml");
    Files.writeString(cloudsFile, clouds);
    Path app = examples.resolve("iot-chain.yaml");
    String reading = Files.readString(examples.resolve("reading-1k.txt"));

    CliResult run = cli("run", app.toString(), "--clouds", cloudsFile.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo(reading.trim());
    String runId = run.err().replaceAll("(?s).*run (r-[0-9a-f-]+) of app 'iot-chain' succeeded.*", "$1");

    CliResult show = cli("runs", "show", runId, "--clouds", cloudsFile.toString());
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("cost by cloud").containsPattern("ali +5 instances")
        .containsPattern("aws +5 instances").contains("timeline").containsPattern("r10 +ali");
    assertThat(Files.exists(dir.resolve("aws.db"))).isTrue();
    assertThat(Files.exists(dir.resolve("ali.db"))).isTrue();
  }
}
