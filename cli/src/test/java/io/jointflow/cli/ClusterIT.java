package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cluster.ClusterState;
import io.jointflow.testkit.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster up}, {@code run --cluster}, {@code cluster status} and {@code cluster down} end to
 * end: two worker processes and a gateway process, a Redis per cloud, the fan-out example placed
 * across both clouds. The report is the one an embedded run and an in-process emulated run give; after {@code down} no process
 * of the cluster is left.
 */
class ClusterIT {
  @TempDir Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  @Test
  void upRunStatusDown() throws Exception {
    Path data = Path.of("../examples/data/us-births-1969-1988.csv").toAbsolutePath();
    Path app = Path.of("../examples/clouds/fanout-two-clouds.yaml").toAbsolutePath().normalize();
    Path clusterDir = dir.resolve("cluster");
    try (RedisServer aws = RedisServer.start(); RedisServer ali = RedisServer.start()) {
      Path clouds = io.jointflow.testkit.WorkerCloudsFile.write(dir, aws, ali, "5ms");

      CliResult embedded = cli("run", "../examples/fanout.yaml", "--state", "memory", "-q", "--input", "chunks=4",
          "--input", "data=@" + data);
      assertThat(embedded.code()).as(embedded.err()).isZero();
      // The same placement, emulated in this process.
      Path emulatedClouds = Files.writeString(dir.resolve("emulated.yaml"), """
          clouds:
            aws: {state: "sqlite:%s"}
            ali: {state: "sqlite:%s"}
          network:
            links:
              - {between: [aws, ali], latency: 5ms}
          """.formatted(dir.resolve("aws.db"), dir.resolve("ali.db")));
      CliResult emulated = cli("run", app.toString(), "--clouds", emulatedClouds.toString(), "-q", "--input", "chunks=4",
          "--input", "data=@" + data);
      assertThat(emulated.code()).as(emulated.err()).isZero();
      assertThat(emulated.out()).isEqualTo(embedded.out());
      try {
        CliResult up = cli("cluster", "up", clouds.toString(), app.toString(), "--dir", clusterDir.toString());
        assertThat(up.code()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("worker aws", "worker ali", "gateway", "cluster is up");
        ClusterState state = ClusterState.read(clusterDir).orElseThrow();
        assertThat(state.members()).hasSize(3).allMatch(m -> m.process().isPresent());

        CliResult status = cli("cluster", "status", "--dir", clusterDir.toString());
        assertThat(status.code()).as(status.out()).isZero();
        assertThat(status.out().lines().filter(l -> l.endsWith(" UP"))).hasSize(3);

        CliResult run = cli("run", app.toString(), "--cluster", state.gateway().toString(), "--cluster-dir", clusterDir.toString(),
            "--input", "chunks=4", "--input", "data=@" + data, "--timeout", "5m");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(embedded.out());
        assertThat(run.err()).contains("succeeded").contains("aws").contains("ali").contains("makespan");

        CliResult again = cli("cluster", "up", clouds.toString(), app.toString(), "--dir", clusterDir.toString());
        assertThat(again.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(again.err()).contains("already up").contains("cluster down");

        CliResult down = cli("cluster", "down", "--dir", clusterDir.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).contains("3 process(es) stopped");
        assertThat(state.members()).allMatch(m -> m.process().isEmpty());
        assertThat(cli("cluster", "status", "--dir", clusterDir.toString()).code()).isEqualTo(Main.RUN_FAILED);
      } finally {
        cli("cluster", "down", "--dir", clusterDir.toString());
      }
    }
  }

  @Test
  void aBadCloudsFileOrACloudThatIsNotAWorkerStartsNothing() throws Exception {
    Path clouds = Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          aws: {compute: {type: local}}
        """);
    Path app = Files.writeString(dir.resolve("app.yaml"), """
        app: one
        functions:
          upper: {class: io.jointflow.cli.Upper}
        """);
    CliResult up = cli("cluster", "up", clouds.toString(), app.toString(), "--dir", dir.resolve("c").toString());
    assertThat(up.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(up.err()).contains("cloud 'aws' has compute type 'local'").contains("type: worker");
    assertThat(dir.resolve("c").resolve(ClusterState.FILE)).doesNotExist();

    Path broken = Files.writeString(dir.resolve("broken.yaml"), """
        clouds:
          aws:
            compute: {type: worker, url: "http://127.0.0.1:1"}
            prices: {per-gb-second: -1}
        """);
    CliResult bad = cli("cluster", "up", broken.toString(), app.toString(), "--dir", dir.resolve("c").toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains(broken + ":4:").contains("nothing was run or changed");
    assertThat(dir.resolve("c")).doesNotExist();
  }
}
