package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code jointflow worker} OS processes as three clouds, each cloud with its own redis-server;
 * runs are started by a client host in this JVM ({@link WorkerClient}: it runs no function, its
 * entry invocations go to the workers over signed HTTP). Fan-out/fan-in apps ({@link ChaosStep})
 * whose every function is placed on all three clouds, each with another primary.
 *
 * <ul>
 *   <li>Chaos: 200 runs while a random worker is killed with SIGKILL every few completed runs and
 *       restarted; every run succeeds with the right result and every side effect exists once. Then
 *       the same with every worker serving two apps of the same function names, placed and
 *       computing differently, whose runs interleave: each run gives its own app's result and each
 *       app's effects exist once, so no lost invocation was recovered as the other app.
 *   <li>Outage: with one worker down, runs fail over to the next cloud of the placement and
 *       complete; once it is back, invocations return to it.
 * </ul>
 */
class WorkerClusterIT {
  static final String KEY = "0123456789abcdef0123456789abcdef";
  static final List<String> CLOUDS = List.of("a", "b", "c");

  @TempDir
  Path dir;

  private Path effects;

  /** An app of these tests, the width its runs fan out to and the result every run of it gives. */
  record ChaosApp(String name, String yaml, int width, String result) {}

  /** The squares of 0..3 summed: 0 + 1 + 4 + 9. */
  static final ChaosApp SQUARES = new ChaosApp("chaos", """
      app: chaos
      functions:
        split:  {class: io.jointflow.cli.ChaosStep, config: {step: split}, outputs: [work, results], placement: [a, b, c], timeout: 2s}
        square: {class: io.jointflow.cli.ChaosStep, config: {step: square}, outputs: [results], placement: [b, c, a], timeout: 2s}
        sum:    {class: io.jointflow.cli.ChaosStep, config: {step: sum}, placement: [c, a, b], timeout: 2s}
      buckets:
        work:    {triggers: [{name: each, type: immediate, target: square}]}
        results: {triggers: [{name: join, type: dynamic-join, target: sum}]}
      """, 4, "14");

  /**
   * {@link #SQUARES}' function names with other work: the cubes of 0..4 summed, 0 + 1 + 8 + 27 + 64,
   * each function's placement reversed, so that its primary is never SQUARES' one. An envelope of
   * one app executed as the other gives a wrong sum and counts its effect for the wrong app.
   */
  static final ChaosApp CUBES = new ChaosApp("cubes", """
      app: cubes
      functions:
        split:  {class: io.jointflow.cli.ChaosStep, config: {step: split}, outputs: [work, results], placement: [c, b, a], timeout: 2s}
        square: {class: io.jointflow.cli.ChaosStep, config: {step: square, power: 3}, outputs: [results], placement: [a, c, b], timeout: 2s}
        sum:    {class: io.jointflow.cli.ChaosStep, config: {step: sum}, placement: [b, a, c], timeout: 2s}
      buckets:
        work:    {triggers: [{name: each, type: immediate, target: square}]}
        results: {triggers: [{name: join, type: dynamic-join, target: sum}]}
      """, 5, "100");

  private void cluster(Consumer<Cluster> test) throws Exception {
    cluster(List.of(SQUARES), test);
  }

  /**
   * Everything a test needs: redis servers, the files, the worker processes (each serving all of
   * {@code apps}), the client host (with all of them deployed).
   */
  private void cluster(List<ChaosApp> apps, Consumer<Cluster> test) throws Exception {
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
      Clouds clouds = CloudsDefinitions.load(cloudsFile);
      List<String> args = new ArrayList<>(List.of("--config", cloudsFile.toString()));
      List<App> defs = new ArrayList<>();
      for (ChaosApp a : apps) {
        Path appFile = Files.writeString(dir.resolve(a.name() + ".yaml"), a.yaml());
        args.addAll(List.of("--app", appFile.toString()));
        defs.add(AppDefinitions.load(appFile, getClass().getClassLoader(), clouds).app());
      }
      args.addAll(List.of("--sweep-interval", "200ms", "--host-lease", "2s"));
      try (WorkerProcesses workers = new WorkerProcesses(dir, Map.of("TEST_KEY", KEY, ChaosStep.EFFECTS, effects.toString()),
          args);
          SystemEnvironment env = SystemEnvironment.create();
          Jointflow client = WorkerClient.connect(clouds, "a", SigningKey.of(KEY), env,
              JointflowOptions.defaults().withRecovery(Duration.ofMillis(200), Duration.ofSeconds(2)),
              getClass().getClassLoader())) {
        CLOUDS.forEach(workers::start);
        defs.forEach(client::deploy);
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
      return start(SQUARES, runId);
    }

    RunHandle start(ChaosApp app, String runId) {
      return client.start(app.name(), runId, Map.of("n", String.valueOf(app.width())));
    }
  }

  /** The side effects that exist, counted by app and function. */
  private Map<String, Map<String, Long>> effects() {
    try (Stream<Path> files = Files.list(effects)) {
      Map<String, Map<String, Long>> out = new TreeMap<>();
      files.map(f -> f.getFileName().toString().split("-", 3))
          .forEach(name -> out.computeIfAbsent(name[0], a -> new TreeMap<>()).merge(name[1], 1L, Long::sum));
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void killedWorkersLoseNoRunAndApplyEveryEffectOnce() throws Exception {
    chaos(List.of(SQUARES), 200, 15);
  }

  @Test
  void killedWorkersOfTwoAppsRecoverEveryRunAsItsOwnApp() throws Exception {
    chaos(List.of(SQUARES, CUBES), 200, 15);
  }

  /** A run started by {@link #chaos} and its app. */
  private record Started(ChaosApp app, RunHandle handle) {}

  /**
   * Starts {@code runs} runs one by one, the i-th of {@code apps[i % apps.size()]}, on workers that
   * serve all of {@code apps}, while a random worker is killed with SIGKILL every {@code killEvery}
   * completed runs and restarted. Every run gives its app's result; each app's side effects exist
   * once, none counted for another app; and kills met runs of every app in flight.
   */
  private void chaos(List<ChaosApp> apps, int runs, int killEvery) throws Exception {
    long seed = Long.getLong("jointflow.seed", System.nanoTime());
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> killed = new ArrayList<>();
    Map<String, Integer> killedInFlight = new TreeMap<>(); // app: kills while runs of it were in flight
    try {
      cluster(apps, c -> {
        List<Started> started = new ArrayList<>();
        List<Started> open = new ArrayList<>();
        int nextKill = killEvery;
        int i = 0;
        // Runs are started one by one while workers are killed, so that kills meet runs in flight.
        while (nextKill < runs) {
          if (i < runs) {
            ChaosApp app = apps.get(i % apps.size());
            Started s = new Started(app, c.start(app, app.name() + "-" + i++));
            started.add(s);
            open.add(s);
          } else {
            int target = nextKill;
            Await.until(target + " runs completed", () -> started.size() - open(open) >= target);
          }
          int completed = started.size() - open(open);
          if (completed >= nextKill) {
            String victim = CLOUDS.get(rnd.nextInt(CLOUDS.size()));
            c.workers().kill(victim); // SIGKILL: its queue and running instances are lost
            killed.add(victim + "@" + completed + "/" + started.size());
            open.stream().map(s -> s.app().name()).distinct().forEach(a -> killedInFlight.merge(a, 1, Integer::sum));
            c.workers().start(victim);
            nextKill += killEvery;
          }
        }
        while (i < runs) {
          ChaosApp app = apps.get(i % apps.size());
          started.add(new Started(app, c.start(app, app.name() + "-" + i++)));
        }
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (Started s : started) {
          RunInfo info = s.handle().await(Await.HANG_GUARD);
          assertThat(info.status()).as("%s: %s", info.runId(), info.failure()).isEqualTo(RunStatus.SUCCEEDED);
          assertThat(info.app()).as(info.runId()).isEqualTo(s.app().name());
          assertThat(info.resultText()).as(info.runId()).isEqualTo(s.app().result());
          Map<String, Long> e = expected.computeIfAbsent(s.app().name(), a -> new TreeMap<>());
          e.merge("split", 1L, Long::sum);
          e.merge("square", (long) s.app().width(), Long::sum);
          e.merge("sum", 1L, Long::sum);
        }
        assertThat(effects()).as("side effects by app and function").isEqualTo(expected);
      });
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("worker cluster chaos of " + apps.stream().map(ChaosApp::name).toList() + " failed with seed "
          + seed + " (rerun with -Djointflow.seed=" + seed + "), kills " + killed + ", logs in " + dir + ": "
          + e.getMessage(), e);
    }
    assertThat(killed).hasSize((runs - 1) / killEvery);
    for (ChaosApp app : apps) {
      assertThat(killedInFlight.getOrDefault(app.name(), 0)).as("kills while runs of %s were in flight: %s", app.name(), killed)
          .isGreaterThanOrEqualTo(3);
    }
    System.out.println("worker cluster chaos of " + apps.stream().map(ChaosApp::name).toList() + ": seed " + seed
        + ", killed " + killed + ", kills that met runs in flight by app " + killedInFlight);
  }

  /** Drops the runs that ended from {@code open}; returns how many are left. */
  private static int open(List<Started> open) {
    open.removeIf(s -> s.handle().status().terminal());
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
        assertThat(info.resultText()).isEqualTo(SQUARES.result());
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
    Map<String, Long> effectsOfRuns = effects().get(SQUARES.name());
    assertThat(effectsOfRuns).containsEntry("split", effectsOfRuns.get("sum"));
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
