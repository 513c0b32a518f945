package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.RedisServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes sharing one state store (a SQLite file, or a Redis server) are killed with
 * SIGKILL at random moments and restarted: every run completes, and every side effect (counted
 * through the idempotency key) and every emitted object happens exactly once.
 */
class CrashRecoveryIT {
  private static final int RUNS = 12;
  private static final int WIDTH = 6;

  @TempDir
  Path dir;

  private Process worker(String state, Path effects, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), CrashWorker.class.getName(), state,
        effects.toString(), String.valueOf(RUNS), String.valueOf(WIDTH), dir.resolve("blobs").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static long effectsApplied(Path effects) {
    if (!Files.exists(effects)) {
      return 0;
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + effects); var st = c.createStatement()) {
      st.execute(CrashWorker.BUSY_TIMEOUT);
      var rs = st.executeQuery("SELECT count(*) FROM effects");
      return rs.next() ? rs.getLong(1) : 0;
    } catch (java.sql.SQLException e) {
      return 0; // not created yet
    }
  }

  @Test
  void killedWorkersLoseNoRunAndDuplicateNothing() throws Exception {
    killWorkersAndCheck("sqlite:" + dir.resolve("state.db"));
  }

  @Test
  void killedWorkersSharingARedisServerLoseNoRunAndDuplicateNothing() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      killWorkersAndCheck(redis.uri());
    }
  }

  private void killWorkersAndCheck(String state) throws Exception {
    long seed = Long.getLong("jointflow.seed", System.nanoTime());
    SplittableRandom rnd = new SplittableRandom(seed);
    Path effects = dir.resolve("effects.db");
    long expectedEffects = (long) RUNS * (WIDTH + 2);
    int kills = 0;
    try {
      for (int round = 0; round < 3; round++) {
        Path log = dir.resolve("worker-" + round + ".log");
        Process p = worker(state, effects, log);
        // Kill once a random share of the work is done (never before it started, so it is mid-run).
        long target = 1 + rnd.nextLong(expectedEffects - 1);
        Await.until("a worker applied " + target + " effects or exited (log " + log + ")",
            () -> !p.isAlive() || effectsApplied(effects) >= target);
        if (p.isAlive()) {
          p.destroyForcibly().waitFor(); // SIGKILL
          kills++;
        }
      }
      Path log = dir.resolve("worker-final.log");
      Process last = worker(state, effects, log);
      assertThat(last.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).as("final worker finished").isTrue();
      assertThat(last.exitValue()).as(Files.readString(log)).isZero();
    } catch (AssertionError | Exception e) {
      throw new AssertionError("crash recovery on " + state + " failed with seed " + seed + " (rerun with -Djointflow.seed="
          + seed + "); worker logs in " + dir + ": " + e.getMessage(), e);
    }
    assertThat(kills).as("workers killed mid-run").isGreaterThan(0);

    // Side effects: exactly one applied effect per logical instance, whatever the executions.
    Map<String, Integer> perFunction = new HashMap<>();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + effects); var st = c.createStatement()) {
      var rs = st.executeQuery("SELECT function, count(*) FROM effects GROUP BY function");
      while (rs.next()) {
        perFunction.put(rs.getString(1), rs.getInt(2));
      }
    }
    assertThat(perFunction).isEqualTo(Map.of("split", RUNS, "square", RUNS * WIDTH, "sum", RUNS));

    // Runs: all succeeded with the right result; one output checkpoint per instance.
    try (Jointflow jf = Jointflow.builder().state(state).blobs("filesystem:" + dir.resolve("blobs")).build()) {
      jf.deploy(CrashWorker.app(effects.toString()));
      long expected = 0;
      for (int i = 0; i < WIDTH; i++) {
        expected += (long) i * i;
      }
      List<RunInfo> runs = jf.runs();
      assertThat(runs).hasSize(RUNS);
      for (RunInfo r : runs) {
        RunInfo info = jf.run(r.runId()).info();
        assertThat(info.status()).as(r.runId()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(info.resultText()).as(r.runId()).isEqualTo(String.valueOf(expected));
        Map<String, Long> instances = new HashMap<>();
        info.functions().forEach(f -> instances.put(f.function(), f.instances()));
        assertThat(instances).as(r.runId()).isEqualTo(Map.of("split", 1L, "square", (long) WIDTH, "sum", 1L));
      }
    }
    System.out.println("crash recovery on " + state + ": seed " + seed + ", " + kills + " workers killed, logs in " + dir
        + File.separator);
  }
}
