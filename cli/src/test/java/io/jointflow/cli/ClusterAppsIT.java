package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cluster.ClusterState;
import io.jointflow.cluster.GatewayClient;
import io.jointflow.core.RunStatus;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster (two worker processes, a gateway process, a Redis per cloud) serving two different
 * apps: the fan-out example and a two-step shout app placed the other way round. Runs of both are
 * started before any of them is awaited, through the gateway and through {@code run --cluster} in
 * two threads at once, and each gives its app's result; the workers and {@code cluster status} name
 * both apps, and a third app that the cluster does not serve is refused naming the two it does.
 */
class ClusterAppsIT {
  @TempDir Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  @Test
  void oneClusterServesTwoAppsWhoseRunsCompleteTogether() throws Exception {
    Path data = Path.of("../examples/data/us-births-1969-1988.csv").toAbsolutePath();
    Path fanout = Path.of("../examples/clouds/fanout-two-clouds.yaml").toAbsolutePath().normalize();
    Path shout = Files.writeString(dir.resolve("shout.yaml"), """
        app: shout
        functions:
          shout: {class: io.jointflow.cli.Upper, outputs: [mid], placement: [ali, aws]}
          print: {class: io.jointflow.cli.Exclaim, placement: [aws, ali]}
        buckets:
          mid:
            triggers:
              - {name: next, type: immediate, target: print}
        """);
    Path other = Files.writeString(dir.resolve("other.yaml"), Files.readString(shout).replace("app: shout", "app: other"));
    Path clusterDir = dir.resolve("cluster");
    CliResult embedded = cli("run", "../examples/fanout.yaml", "--state", "memory", "-q", "--input", "chunks=4",
        "--input", "data=@" + data);
    assertThat(embedded.code()).as(embedded.err()).isZero();
    try (RedisServer aws = RedisServer.start(); RedisServer ali = RedisServer.start()) {
      Path clouds = io.jointflow.testkit.WorkerCloudsFile.write(dir, aws, ali, "2ms");
      try {
        CliResult up = cli("cluster", "up", clouds.toString(), fanout.toString(), shout.toString(), "--dir", clusterDir.toString());
        assertThat(up.code()).as(up.out() + up.err()).isZero();
        assertThat(up.out()).contains("for 2 app(s)", "run fanout:", "run shout:", "cluster is up");
        ClusterState state = ClusterState.read(clusterDir).orElseThrow();
        assertThat(state.apps()).extracting(ClusterState.AppFile::name).containsExactly("fanout", "shout");

        CliResult status = cli("cluster", "status", "--dir", clusterDir.toString());
        assertThat(status.code()).as(status.out()).isZero();
        assertThat(status.out()).contains("APPS").containsPattern("fanout +" + java.util.regex.Pattern.quote(fanout.toString()))
            .containsPattern("shout +" + java.util.regex.Pattern.quote(shout.toString()));
        try (HttpClient http = HttpClient.newHttpClient()) {
          for (ClusterState.Member m : state.members()) {
            String health = http.send(HttpRequest.newBuilder(URI.create(m.url() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).as("%s", m).contains("\"fanout\"").contains("\"shout\"");
          }
        }

        // Several runs of each app, all started before any is awaited.
        GatewayClient gateway = GatewayClient.create(state.gateway(), state.token());
        byte[] births = Files.readAllBytes(data);
        List<String> fanouts = new ArrayList<>();
        List<String> shouts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          fanouts.add(gateway.start("fanout", null, Map.of("chunks", "4", "data", births)));
          shouts.add(gateway.start("shout", null, Map.of("in", "hello " + i)));
        }
        // Meanwhile one run of each through the command line, in two threads at once.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<CliResult> cliFanout = threads.submit(() -> cli("run", fanout.toString(), "--cluster", state.gateway().toString(),
            "--cluster-dir", clusterDir.toString(), "--input", "chunks=4", "--input", "data=@" + data, "--timeout", "5m"));
        Future<CliResult> cliShout = threads.submit(() -> cli("run", shout.toString(), "--cluster", state.gateway().toString(),
            "--cluster-dir", clusterDir.toString(), "--input", "in=hi", "--timeout", "5m"));

        for (String id : fanouts) {
          assertThat(text(finished(gateway, id))).isEqualTo(embedded.out().trim());
        }
        for (int i = 0; i < shouts.size(); i++) {
          GatewayClient.RemoteRun run = finished(gateway, shouts.get(i));
          assertThat(run.app()).isEqualTo("shout");
          assertThat(text(run)).isEqualTo("HELLO " + i + "!");
        }
        CliResult f = cliFanout.get(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        CliResult s = cliShout.get(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        threads.shutdown();
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).isEqualTo(embedded.out());
        assertThat(f.err()).contains("of app 'fanout' succeeded").contains("aws").contains("ali");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out().trim()).isEqualTo("HI!");
        assertThat(s.err()).contains("of app 'shout' succeeded");
        assertThat(gateway.spans(shouts.get(0)).path("spans")).extracting(n -> n.path("function").asText() + "@"
            + n.path("cloud").asText()).containsExactlyInAnyOrder("shout@ali", "print@aws");

        CliResult unknown = cli("run", other.toString(), "--cluster", state.gateway().toString(), "--cluster-dir",
            clusterDir.toString(), "--input", "in=x");
        assertThat(unknown.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(unknown.err()).contains("app 'other' is not served by this cluster (apps: fanout, shout)");

        CliResult down = cli("cluster", "down", "--dir", clusterDir.toString());
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(state.members()).allMatch(m -> m.process().isEmpty());
      } finally {
        cli("cluster", "down", "--dir", clusterDir.toString());
      }
    }
  }

  /** The run once it ended, asking the gateway again while it runs (each ask waits up to 30 s), within the hang guard. */
  private static GatewayClient.RemoteRun finished(GatewayClient gateway, String runId) {
    long guard = System.nanoTime() + Await.HANG_GUARD.toNanos();
    GatewayClient.RemoteRun run = gateway.await(runId, Duration.ofSeconds(30));
    while (run.status() == RunStatus.RUNNING && System.nanoTime() < guard) {
      run = gateway.await(runId, Duration.ofSeconds(30));
    }
    assertThat(run.status()).as("run %s of app '%s': %s", runId, run.app(), run.failure()).isEqualTo(RunStatus.SUCCEEDED);
    return run;
  }

  private static String text(GatewayClient.RemoteRun run) {
    return new String(run.result(), StandardCharsets.UTF_8);
  }
}
