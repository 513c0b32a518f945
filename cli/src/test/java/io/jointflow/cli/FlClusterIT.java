package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.testkit.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An fl job on a cluster: three worker processes, one per data center's cloud, each with its state
 * on a Redis server of its own, and a gateway. {@code fl apps} writes the job's apps, {@code cluster
 * up} serves them, {@code fl train --cluster} runs NebulaFL, FedBuff (a hub method: its merge needs
 * the job's model, which travels with the update) and HierFedAvg there: every training job, model
 * transfer and agent operation a run on the workers, the agents' records in the clouds' Redis
 * stores. The curves (accuracy, rent and cross-cloud bytes at every evaluation), and the counts of
 * jobs and transfers, are the same as the same job's in one process; the records are deleted at the
 * end of each method's run. A driver on another job file than the workers serve is refused.
 */
class FlClusterIT {
  private static final List<String> CLOUDS = List.of("aws-tokyo", "ali-tokyo", "ali-singapore");

  @TempDir Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  @Test
  void anFlJobOnThreeWorkersGivesTheCurvesItGivesInOneProcess() throws Exception {
    Path example = Path.of("../examples/fl").toAbsolutePath().normalize();
    String job = Files.readString(example.resolve("fl.yaml"))
        .replace("file: ../../fl/", "file: " + example.resolve("../../fl/").normalize() + "/")
        .replace("budget: 400", "budget: 60")
        .replace("eval-every: 25", "eval-every: 15")
        .replace("methods: [nebulafl, fedavg, fedasync, fedbuff, hierfedavg]", "methods: [nebulafl, fedbuff, hierfedavg]");
    assertThat(job).contains("budget: 60", "methods: [nebulafl, fedbuff, hierfedavg]", "clouds: clouds.yaml");
    Path local = Files.writeString(dir.resolve("local.yaml"), job.replace("clouds: clouds.yaml",
        "clouds: " + example.resolve("clouds.yaml")));
    CliResult inProcess = cli("fl", "train", local.toString(), "--out", dir.resolve("local-report").toString());
    assertThat(inProcess.code()).as(inProcess.err()).isZero();

    List<RedisServer> redis = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    try {
      for (int i = 0; i < CLOUDS.size(); i++) {
        redis.add(RedisServer.start());
      }
      Path clouds = workerClouds(example.resolve("clouds.yaml"), redis);
      Path fl = Files.writeString(dir.resolve("fl.yaml"), job.replace("clouds: clouds.yaml", "clouds: " + clouds));
      CliResult apps = cli("fl", "apps", fl.toString(), "--out", dir.resolve("apps").toString());
      assertThat(apps.code()).as(apps.err()).isZero();
      assertThat(apps.out()).contains("wrote 21 apps");
      List<String> up = new ArrayList<>(List.of("cluster", "up", clouds.toString()));
      try (var files = Files.list(dir.resolve("apps"))) {
        files.map(Path::toString).sorted().forEach(up::add);
      }
      up.addAll(List.of("--dir", clusterDir.toString()));
      CliResult started = cli(up.toArray(String[]::new));
      assertThat(started.code()).as(started.out() + started.err()).isZero();

      CliResult onCluster = cli("fl", "train", fl.toString(), "--cluster", "--cluster-dir", clusterDir.toString(), "--out",
          dir.resolve("cluster-report").toString());
      assertThat(onCluster.code()).as(onCluster.err()).isZero();
      assertThat(onCluster.err()).contains("every step runs on the cluster");

      String localCurves = Files.readString(dir.resolve("local-report/curves.csv"));
      assertThat(localCurves.lines().count()).as("3 methods x 5 evaluations and a header").isEqualTo(16);
      assertThat(Files.readString(dir.resolve("cluster-report/curves.csv"))).isEqualTo(localCurves);
      // jobs, transfers, lost and rejected too; only the FaaS cost from spans (the last column) differs
      assertThat(table(onCluster.out())).isEqualTo(table(inProcess.out()));
      assertThat(table(onCluster.out())).hasSize(3).allSatisfy(row -> assertThat(row).contains(" 0     0 "));

      // a driver on another job file than the one the workers serve is refused at its first operation
      Path other = Files.writeString(dir.resolve("other.yaml"), Files.readString(fl) + "# edited\n");
      CliResult mismatch = cli("fl", "train", other.toString(), "--cluster", "--cluster-dir", clusterDir.toString(),
          "--out", dir.resolve("other-report").toString());
      assertThat(mismatch.code()).isNotZero();
      assertThat(mismatch.err()).contains("this worker serves fl job '" + fl + "'", "restart the cluster");

      for (int i = 0; i < CLOUDS.size(); i++) {
        String keys = keys(redis.get(i));
        assertThat(keys).as("cloud %s's store: the runs' records are there", CLOUDS.get(i)).contains("jointflow:");
        assertThat(keys).as("cloud %s's store: the agents' records are deleted", CLOUDS.get(i)).doesNotContain("fl/");
      }
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
      redis.forEach(RedisServer::close);
    }
  }

  /** The comparison table's rows without their last column (the FaaS cost measured from spans). */
  private static List<String> table(String report) {
    List<String> rows = new ArrayList<>();
    for (String line : report.lines().toList()) {
      if (line.matches("^(nebulafl|fedbuff|hierfedavg) .*")) {
        rows.add(line.substring(0, line.stripTrailing().lastIndexOf(' ')));
      }
    }
    return rows;
  }

  /**
   * The example's clouds file with each cloud a worker on a free port, its state on its own Redis
   * and its blobs in a directory: the same prices and profiles, hence the same container types.
   */
  private Path workerClouds(Path example, List<RedisServer> redis) throws IOException {
    String text = Files.readString(example);
    for (int i = 0; i < CLOUDS.size(); i++) {
      String c = CLOUDS.get(i);
      int at = text.indexOf("  " + c + ":\n");
      int compute = text.indexOf("    compute: {type: local}\n    state: memory\n", at);
      assertThat(at).as("cloud %s in %s", c, example).isNotNegative();
      assertThat(compute).as("cloud %s's compute and state in %s", c, example).isGreaterThan(at);
      text = text.substring(0, compute) + "    compute: {type: worker, url: \"http://127.0.0.1:" + freePort() + "\"}\n"
          + "    state: " + redis.get(i).uri() + "\n    blobs: filesystem:" + dir.resolve(c + "-blobs") + "\n"
          + text.substring(compute + "    compute: {type: local}\n    state: memory\n".length());
    }
    return Files.writeString(dir.resolve("clouds.yaml"), text);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** The keys in a Redis server, by {@code redis-cli --scan} (it comes with redis-server). */
  private static String keys(RedisServer r) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(r.port()), "--scan").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("redis-cli: %s", out).isZero();
    return out;
  }
}
