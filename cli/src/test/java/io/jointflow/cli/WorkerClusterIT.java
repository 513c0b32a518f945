package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.Span;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.RedisServer;
import io.jointflow.worker.SigningKey;
import io.jointflow.worker.WorkerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code jointflow worker} OS processes as three clouds, each cloud with its own redis-server;
 * runs are started by a client host in this JVM ({@link WorkerClient}: it runs no function, its
 * entry invocations go to the workers over signed HTTP). A fan-out/fan-in app ({@link ChaosStep})
 * whose every function is placed on all three clouds, each with another primary.
 *
 * <ul>
 *   <li>Chaos: 200 runs while a random worker is killed with SIGKILL every few completed runs and
 *       restarted; every run succeeds with the right result and every side effect exists once.
 *   <li>Outage: with one worker down, runs fail over to the next cloud of the placement and
 *       complete; once it is back, invocations return to it.
 * </ul>
 */
class WorkerClusterIT {
  static final String KEY = "0123456789abcdef0123456789abcdef";
  static final List<String> CLOUDS = List.of("a", "b", "c");
  static final int WIDTH = 4;
  /** 0² + 1² + 2² + 3². */
  static final String SUM = "14";

  @TempDir
  Path dir;

  private Path effects;

  static final String APP = """
      app: chaos
      functions:
        split:  {class: io.jointflow.cli.ChaosStep, config: {step: split}, outputs: [work, results], placement: [a, b, c], timeout: 2s}
        square: {class: io.jointflow.cli.ChaosStep, config: {step: square}, outputs: [results], placement: [b, c, a], timeout: 2s}
        sum:    {class: io.jointflow.cli.ChaosStep, config: {step: sum}, placement: [c, a, b], timeout: 2s}
      buckets:
        work:    {triggers: [{name: each, type: immediate, target: square}]}
        results: {triggers: [{name: join, type: dynamic-join, target: sum}]}
      """;

  /** Everything a test needs: redis servers, the files, the worker processes, the client host. */
  private void cluster(Consumer<Cluster> test) throws Exception {
    effects = Files.createDirectories(dir.resolve("effects"));
    List<RedisServer> redis = new ArrayList<>();
    try {
      StringBuilder yaml = new StringBuilder("clouds:\n");
      for (String c : CLOUDS) {
        RedisServer r = RedisServer.start();
        redis.add(r);
        yaml.append("  ").append(c).append(":\n")
            .append("    compute: {type: worker, url: \"http://127.0.0.1:").append(WorkerProcessIT.freePort()).append("\"}\n")
            .append("    state: ").append(r.uri()).append("\n")
            .append("    blobs: filesystem:blobs-").append(c).append("\n");
      }
      yaml.append("network:\n  links:\n");
      for (int i = 0; i < CLOUDS.size(); i++) {
        for (int j = i + 1; j < CLOUDS.size(); j++) {
          yaml.append("    - {between: [").append(CLOUDS.get(i)).append(", ").append(CLOUDS.get(j)).append("], latency: 0ms}\n");
        }
      }
      yaml.append("signing: {key-env: TEST_KEY}\n");
      Path cloudsFile = Files.writeString(dir.resolve("clouds.yaml"), yaml);
      Path appFile = Files.writeString(dir.resolve("app.yaml"), APP);
      Clouds clouds = CloudsDefinitions.load(cloudsFile);
      var app = AppDefinitions.load(appFile, getClass().getClassLoader(), clouds).app();
      try (WorkerProcesses workers = new WorkerProcesses(dir, Map.of("TEST_KEY", KEY, ChaosStep.EFFECTS, effects.toString()),
          List.of("--config", cloudsFile.toString(), "--app", appFile.toString(), "--sweep-interval", "200ms",
              "--host-lease", "2s"));
          SystemEnvironment env = SystemEnvironment.create();
          Jointflow client = WorkerClient.connect(clouds, "a", SigningKey.of(KEY), env,
              JointflowOptions.defaults().withRecovery(Duration.ofMillis(200), Duration.ofSeconds(2)),
              getClass().getClassLoader())) {
        CLOUDS.forEach(workers::start);
        client.deploy(app);
        test.accept(new Cluster(workers, client, clouds));
      }
    } finally {
      for (RedisServer r : redis) {
        r.close();
      }
    }
  }

  record Cluster(WorkerProcesses workers, Jointflow client, Clouds clouds) {
    RunHandle start(String runId) {
      return client.start("chaos", runId, Map.of("n", String.valueOf(WIDTH)));
    }
  }

  private Map<String, Long> effectsByFunction() {
    try (Stream<Path> files = Files.list(effects)) {
      Map<String, Long> out = new HashMap<>();
      files.forEach(f -> out.merge(f.getFileName().toString().split("-", 2)[0], 1L, Long::sum));
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void killedWorkersLoseNoRunAndApplyEveryEffectOnce() throws Exception {
    int runs = 200;
    int killEvery = 15;
    long seed = Long.getLong("jointflow.seed", System.nanoTime());
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> killed = new ArrayList<>();
    int[] killedInFlight = {0};
    try {
      cluster(c -> {
        List<RunHandle> handles = new ArrayList<>();
        List<RunHandle> open = new ArrayList<>();
        int nextKill = killEvery;
        int i = 0;
        // Runs are started one by one while workers are killed, so that kills meet runs in flight.
        while (nextKill < runs) {
          if (i < runs) {
            RunHandle h = c.start("run-" + i++);
            handles.add(h);
            open.add(h);
          } else {
            int target = nextKill;
            Await.until(target + " runs completed", () -> handles.size() - open(open) >= target);
          }
          int completed = handles.size() - open(open);
          if (completed >= nextKill) {
            String victim = CLOUDS.get(rnd.nextInt(CLOUDS.size()));
            c.workers().kill(victim); // SIGKILL: its queue and running instances are lost
            killed.add(victim + "@" + completed + "/" + handles.size());
            if (!open.isEmpty()) {
              killedInFlight[0]++;
            }
            c.workers().start(victim);
            nextKill += killEvery;
          }
        }
        while (i < runs) {
          handles.add(c.start("run-" + i++));
        }
        for (RunHandle h : handles) {
          RunInfo info = h.await(Await.HANG_GUARD);
          assertThat(info.status()).as("%s: %s", h.runId(), info.failure()).isEqualTo(RunStatus.SUCCEEDED);
          assertThat(info.resultText()).as(h.runId()).isEqualTo(SUM);
        }
        assertThat(effectsByFunction()).isEqualTo(Map.of("split", (long) runs, "square", (long) runs * WIDTH, "sum", (long) runs));
      });
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("worker cluster chaos failed with seed " + seed + " (rerun with -Djointflow.seed=" + seed
          + "), kills " + killed + ", logs in " + dir + ": " + e.getMessage(), e);
    }
    assertThat(killed).hasSize((runs - 1) / killEvery);
    assertThat(killedInFlight[0]).as("kills while runs were in flight: %s", killed).isGreaterThanOrEqualTo(3);
    System.out.println("worker cluster chaos: seed " + seed + ", killed " + killed);
  }

  /** Drops the runs that ended from {@code open}; returns how many are left. */
  private static int open(List<RunHandle> open) {
    open.removeIf(h -> h.status().terminal());
    return open.size();
  }

  @Test
  void runsFailOverWhileAWorkerIsDownAndReturnToItAfterwards() throws Exception {
    cluster(c -> {
      RunInfo before = c.start("before").await(Await.HANG_GUARD);
      assertThat(squareClouds(c, before)).containsOnly("b");

      c.workers().kill("b"); // square's primary
      List<RunHandle> during = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        during.add(c.start("during-" + i));
      }
      for (RunHandle h : during) {
        RunInfo info = h.await(Await.HANG_GUARD);
        assertThat(info.status()).as("%s: %s", h.runId(), info.failure()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(info.resultText()).isEqualTo(SUM);
        assertThat(squareClouds(c, info)).as("square of %s ran on the failover", h.runId()).containsOnly("c");
      }

      assertThat(failovers(c, "a")).as("failovers counted on worker a's /metrics").isGreaterThanOrEqualTo(5);

      c.workers().start("b");
      // Fail-back: worker a's circuit breaker for b lets calls through again after its open state.
      int[] n = {0};
      Await.until("square runs on cloud b again", () -> {
        RunInfo info = c.start("after-" + n[0]++).await(Await.HANG_GUARD);
        assertThat(info.status()).isEqualTo(RunStatus.SUCCEEDED);
        return squareClouds(c, info).contains("b");
      });
    });
    assertThat(effectsByFunction()).containsEntry("split", effectsByFunction().get("sum"));
  }

  /** {@code jointflow_failovers_total} of all functions and clouds as a worker's {@code /metrics} shows it. */
  private static double failovers(Cluster c, String cloud) {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      String metrics = http.send(java.net.http.HttpRequest.newBuilder(c.clouds().cloud(cloud).compute().url().resolve("/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      String prefix = "jointflow_failovers_total{";
      double[] sum = metrics.lines().filter(l -> l.startsWith(prefix))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
      if (sum.length == 0) {
        throw new AssertionError("no " + prefix + "...} in " + metrics);
      }
      return java.util.Arrays.stream(sum).sum();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> squareClouds(Cluster c, RunInfo info) {
    return c.client().run(info.runId()).spans().stream().filter(s -> s.function().equals("square")).map(Span::cloud).toList();
  }
}
