package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cluster.ClusterState;
import io.jointflow.cluster.GatewayClient;
import io.jointflow.core.Jointflow;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.fl.Federation;
import io.jointflow.fl.FlCluster;
import io.jointflow.fl.FlConfig;
import io.jointflow.fl.MethodResult;
import io.jointflow.spi.StateStore;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    String job = job("nebulafl, fedbuff, hierfedavg");
    Path local = local(job);
    CliResult inProcess = cli("fl", "train", local.toString(), "--out", dir.resolve("local-report").toString());
    assertThat(inProcess.code()).as(inProcess.err()).isZero();

    List<RedisServer> redis = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    try {
      Path fl = cluster(job, redis, clusterDir);

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

  /**
   * The worker of data center 1's cloud is killed with SIGKILL (from another thread, just after the
   * second and fourth evaluation of each method, so the kill lands while the driver runs the next
   * steps) and started again with the same command line; nothing is lost or applied twice: the
   * curves and counts are those of the job in one process.
   */
  @Test
  void aWorkerKilledDuringTheJobLosesNoStepAndChangesNoCurve() throws Exception {
    String job = job("nebulafl, hierfedavg");
    FlConfig local = FlConfig.load(local(job));
    List<MethodResult> expected = Federation.run(local.setup(), local.methods(), (m, p) -> {});

    List<RedisServer> redis = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    List<Process> restarted = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> killers = new ArrayList<>();
    List<String> kills = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      Path fl = cluster(job, redis, clusterDir);
      ClusterState state = ClusterState.read(clusterDir).orElseThrow();
      FlCluster cluster = FlCluster.of(GatewayClient.create(state.gateway(), state.token()), fl);
      ClusterState.Member victim = worker(state, CLOUDS.get(1));
      long[] pid = {victim.pid()};
      int[] evaluations = {0};
      List<MethodResult> results = Federation.run(FlConfig.load(fl).setup(), local.methods(), (m, p) -> {
        int n = evaluations[0]++ % 5; // 5 evaluations per method: at 0, 15, ..., 60
        if (n == 1 || n == 3) {
          killers.forEach(FlClusterIT::join); // one kill at a time: the last restart is done
          killers.add(Thread.ofPlatform().name("fl-chaos").start(
              () -> kills.add(m + "@" + p.time() + ": " + restart(pid, victim, restarted))));
        }
      }, cluster);
      for (Thread t : killers) {
        join(t);
      }
      assertThat(kills).as("kills").hasSize(4).allSatisfy(k -> assertThat(k).contains("killed"));
      assertSameRuns(results, expected, "kills " + kills);
      System.out.println("fl cluster chaos: " + kills);
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
      for (Process p : restarted) {
        p.destroyForcibly().waitFor();
      }
      redis.forEach(RedisServer::close);
    }
  }

  /**
   * The Redis server of data center 1's cloud is killed (SIGKILL) just after the second and fourth
   * evaluation of each method, and started again on its append-only file as soon as the driver
   * reports that a step waits for it. The steps that meet the dead store are run again once it is
   * back, under the same step ids: nothing is lost or applied twice, the curves and counts are those
   * of the job in one process, and the agents' records are deleted at the end.
   */
  @Test
  void aStoreThatGoesDownDuringTheJobIsWaitedForAndChangesNoCurve() throws Exception {
    String job = job("nebulafl, hierfedavg");
    FlConfig local = FlConfig.load(local(job));
    List<MethodResult> expected = Federation.run(local.setup(), local.methods(), (m, p) -> {});

    List<RedisServer> redis = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    List<Thread> restarts = new ArrayList<>();
    List<String> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> outages = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      // the default timeout: a worker's run waits that long for its store before it fails
      Path fl = cluster(job, redis, clusterDir, "1m");
      ClusterState state = ClusterState.read(clusterDir).orElseThrow();
      FlCluster cluster = FlCluster.of(GatewayClient.create(state.gateway(), state.token()), fl).onWait(waits::add);
      int[] evaluations = {0};
      List<MethodResult> results = Federation.run(FlConfig.load(fl).setup(), local.methods(), (m, p) -> {
        int n = evaluations[0]++ % 5; // 5 evaluations per method: at 0, 15, ..., 60
        if (n == 1 || n == 3) {
          restarts.forEach(FlClusterIT::join); // one outage at a time: the last one is over
          // first the store the gateway keeps the runs in, then one only the agents' records are in
          RedisServer store = redis.get(n == 1 ? 1 : 2);
          int before = waits.size();
          store.kill();
          restarts.add(Thread.ofPlatform().name("fl-outage").start(() -> {
            Await.until("a step waits for the killed Redis", () -> waits.size() > before);
            store.restart();
            outages.add(m + "@" + p.time() + ", Redis of " + CLOUDS.get(n == 1 ? 1 : 2) + ": " + (waits.size() - before)
                + " wait(s), first: " + waits.get(before));
          }));
        }
      }, cluster);
      for (Thread t : restarts) {
        join(t);
      }
      assertThat(outages).as("outages").hasSize(4);
      assertThat(waits).as("what the driver reported").allSatisfy(w -> assertThat(w).contains("waits", "ms, then"))
          .anySatisfy(w -> assertThat(w).contains("redis state store", "is unreachable"));
      assertSameRuns(results, expected, "outages " + outages);
      for (int i = 0; i < CLOUDS.size(); i++) {
        assertThat(keys(redis.get(i))).as("cloud %s's store: the agents' records are deleted", CLOUDS.get(i))
            .doesNotContain("fl/");
      }
      System.out.println("fl cluster store outages: " + outages);
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
      redis.forEach(RedisServer::close);
    }
  }

  /**
   * The faults of the job's fl.yaml are injected on the cluster as in one process: an owner gone for
   * a while, a data center down for a while, an aggregator that crashes once after merging (its
   * function retried by its worker, the merge answered from the record), a tampered and an
   * unattested owner. Curves and counts equal the in-process run's, and the losses and rejections
   * show the faults happened, as does the worker's count of retried aggregator executions.
   */
  @Test
  void theFaultsOfTheJobFileHappenOnTheClusterAsInOneProcess() throws Exception {
    String job = job("nebulafl, hierfedavg") + """
        faults:
          - {kind: owner-down, owner: 1, from: 10, to: 40}
          - {kind: data-center-down, dc: ali-singapore, from: 20, to: 35}
          - {kind: aggregator-crash-once, dc: aws-tokyo}
          - {kind: tamper, owner: 6}
          - {kind: unattested, owner: 12}
        """;
    FlConfig local = FlConfig.load(local(job));
    assertThat(local.setup().faults()).hasSize(5);
    List<MethodResult> expected = Federation.run(local.setup(), local.methods(), (m, p) -> {});
    List<RedisServer> redis = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    try {
      Path fl = cluster(job, redis, clusterDir);
      ClusterState state = ClusterState.read(clusterDir).orElseThrow();
      FlCluster cluster = FlCluster.of(GatewayClient.create(state.gateway(), state.token()), fl);
      List<MethodResult> results = Federation.run(FlConfig.load(fl).setup(), local.methods(), (m, p) -> {}, cluster);
      for (MethodResult want : expected) {
        assertThat(want.lost()).as("%s: jobs lost to the owner and data center down", want.method()).isPositive();
        assertThat(want.rejected()).as("%s: tampered and unattested updates rejected", want.method()).isPositive();
      }
      assertSameRuns(results, expected, "faults " + local.setup().faults());
      // the aggregator's crash: a failed and retried execution of 'aggregate' on aws-tokyo's worker
      Map<String, Double> retries = new java.util.LinkedHashMap<>();
      for (String c : CLOUDS) {
        retries.put(c, retried(worker(state, c), "aggregate"));
      }
      assertThat(retries.get(CLOUDS.get(0))).as("aggregate executions retried on %s's worker", CLOUDS.get(0))
          .isPositive();
      System.out.println("fl cluster faults: aggregate executions retried by worker: " + retries);
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
      redis.forEach(RedisServer::close);
    }
  }

  /**
   * A run that fails on the cluster cleans up what it can: just after NebulaFL's second evaluation
   * the worker of data center 2's cloud is killed for good. Its next agent operation is lost once
   * per try until it fails (the driver reporting every 10 s that it still runs), and the run with
   * it; the clean-up deletes the records of data centers 0 and 1, tries data center 2's once (its
   * worker is gone) and names the key it leaves with the command that deletes it, {@code fl clean
   * --run}, which then does.
   */
  @Test
  void aRunThatFailsOnTheClusterDeletesTheRecordsItCanAndNamesTheRest() throws Exception {
    List<RedisServer> redis = new ArrayList<>();
    Path clusterDir = dir.resolve("cluster");
    try {
      // the operation on the dead worker fails after its tries' timeouts: short ones, so it fails soon
      Path fl = cluster(job("nebulafl"), redis, clusterDir, "2s");
      ClusterState state = ClusterState.read(clusterDir).orElseThrow();
      List<String> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
      FlCluster cluster = FlCluster.of(GatewayClient.create(state.gateway(), state.token()), fl).onWait(waits::add);
      ClusterState.Member dc2 = worker(state, CLOUDS.get(2));
      int[] evaluations = {0};
      FlConfig config = FlConfig.load(fl);
      RuntimeException failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
          () -> Federation.run(config.setup(), config.methods(), (m, p) -> {
            if (evaluations[0]++ == 1) {
              ProcessHandle worker = ProcessHandle.of(dc2.pid()).orElseThrow();
              worker.destroyForcibly();
              worker.onExit().join();
            }
          }, cluster));
      assertThat(failed).hasMessageContaining("(app 'fl-agent-2') FAILED").hasMessageContaining("was lost");
      // 9 tries of at least 2 s: the driver told how long the operation was running, and what to check
      assertThat(waits).as("what the driver reported").anySatisfy(w -> assertThat(w)
          .contains("(app 'fl-agent-2') still runs after", "'jointflow cluster status'"));
      assertThat(failed.getSuppressed()).as("what the clean-up could not delete").singleElement()
          .extracting(Throwable::getMessage).asString()
          .containsPattern("fl agent 2's record stays in the store of cloud 'ali-singapore' under key"
              + " 'fl/[0-9a-f-]+/nebulafl/2'");
      String left = failed.getSuppressed()[0].getMessage();
      String key = left.replaceFirst("(?s).* under key '([^']+)'.*", "$1");
      String run = key.split("/")[1];
      assertThat(left).contains("'jointflow fl clean FL_YAML --run " + run + "'");
      assertThat(keys(redis.get(0))).as("data center 0's record, deleted by the clean-up").doesNotContain("fl/");
      assertThat(keys(redis.get(1))).as("data center 1's record, deleted by the clean-up").doesNotContain("fl/");
      assertThat(keys(redis.get(2))).as("data center 2's record, left").contains(key);

      CliResult cleaned = cli("fl", "clean", fl.toString(), "--run", run);
      assertThat(cleaned.code()).as(cleaned.err()).isZero();
      assertThat(cleaned.out()).contains("cloud ali-singapore: 1 record(s) of 1 run(s) " + run + ", deleted");
      assertThat(keys(redis.get(2))).doesNotContain("fl/");
      System.out.println("fl cluster failed run: " + failed.getMessage() + "; left: " + left);
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
      redis.forEach(RedisServer::close);
    }
  }

  /**
   * {@code fl clean} finds the agents' records runs left in the clouds' Redis stores (two runs'
   * written here as a killed driver would leave them), lists them with {@code --list}, deletes one
   * run's with {@code --run}, then the rest, and leaves every other key alone.
   */
  @Test
  void flCleanDeletesTheRecordsARunLeftAndNothingElse() throws Exception {
    List<RedisServer> redis = new ArrayList<>();
    try {
      for (int i = 0; i < CLOUDS.size(); i++) {
        redis.add(RedisServer.start());
      }
      Path clouds = workerClouds(Path.of("../examples/fl/clouds.yaml").toAbsolutePath().normalize(), redis);
      Path fl = Files.writeString(dir.resolve("fl.yaml"), job("nebulafl").replace("clouds: clouds.yaml", "clouds: " + clouds));
      try (StateStore store = Jointflow.openState(redis.get(2).uri(), SystemEnvironment.create(),
          FlClusterIT.class.getClassLoader())) {
        assertThat(store.putIfAbsent("fl/0c0ffee0-run/nebulafl/2", new byte[] {1, 2, 3})).isTrue();
        assertThat(store.putIfAbsent("fl/0ther-run/hierfedavg/2", new byte[] {5})).isTrue();
        assertThat(store.putIfAbsent("runs/not-an-fl-record", new byte[] {4})).isTrue();
      }
      CliResult listed = cli("fl", "clean", fl.toString(), "--list");
      assertThat(listed.code()).as(listed.err()).isZero();
      assertThat(listed.out()).contains("cloud aws-tokyo: no records", "cloud ali-tokyo: no records",
          "cloud ali-singapore: 2 record(s) of 2 run(s) 0c0ffee0-run, 0ther-run (--list: kept)");
      assertThat(keys(redis.get(2))).contains("fl/0c0ffee0-run/nebulafl/2");

      // one run's records only: another run's stay
      CliResult one = cli("fl", "clean", fl.toString(), "--run", "0ther-run");
      assertThat(one.code()).as(one.err()).isZero();
      assertThat(one.out()).contains("cloud ali-singapore: 1 record(s) of 1 run(s) 0ther-run, deleted",
          "cloud aws-tokyo: no records of run 0ther-run");
      assertThat(keys(redis.get(2))).contains("fl/0c0ffee0-run/nebulafl/2").doesNotContain("0ther-run");
      CliResult bad = cli("fl", "clean", fl.toString(), "--run", "a/b");
      assertThat(bad.code()).isNotZero();
      assertThat(bad.err()).contains("fl run id 'a/b' is not one");

      CliResult cleaned = cli("fl", "clean", fl.toString());
      assertThat(cleaned.code()).as(cleaned.err()).isZero();
      assertThat(cleaned.out()).contains("cloud ali-singapore: 1 record(s) of 1 run(s) 0c0ffee0-run, deleted");
      assertThat(keys(redis.get(2))).doesNotContain("fl/").contains("runs/not-an-fl-record");
      assertThat(cli("fl", "clean", fl.toString()).out()).contains("cloud ali-singapore: no records");
    } finally {
      redis.forEach(RedisServer::close);
    }
  }

  /** Each method's curve and counts on the cluster are those of the run in one process. */
  private static void assertSameRuns(List<MethodResult> got, List<MethodResult> expected, String context) {
    assertThat(got).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      MethodResult want = expected.get(i);
      MethodResult r = got.get(i);
      assertThat(r.curve()).as("%s's curve, %s", want.method(), context).isEqualTo(want.curve());
      assertThat(List.of(r.jobs(), r.applied(), r.rejected(), r.lost(), r.transfers()))
          .as("%s's jobs, merges, rejections, losses and transfers, %s", want.method(), context)
          .isEqualTo(List.of(want.jobs(), want.applied(), want.rejected(), want.lost(), want.transfers()));
    }
  }

  private static void join(Thread t) {
    try {
      t.join(Await.HANG_GUARD.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(t.isAlive()).as("chaos thread still running after %s", Await.HANG_GUARD).isFalse();
  }

  /**
   * Kills the worker {@code pid[0]} with SIGKILL and starts it again with its command line,
   * environment and directory (read from /proc), appending to its log; {@code pid[0]} becomes the
   * new process's.
   */
  private static String restart(long[] pid, ClusterState.Member member, List<Process> restarted) {
    try {
      Path proc = Path.of("/proc/" + pid[0]);
      List<String> cmd = List.of(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .split("\0"));
      Map<String, String> env = new java.util.HashMap<>();
      for (String kv : new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8).split("\0")) {
        if (kv.contains("=")) {
          env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
      ProcessHandle h = ProcessHandle.of(pid[0]).orElseThrow(() -> new AssertionError("worker " + pid[0] + " is gone"));
      h.destroyForcibly();
      h.onExit().get();
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(member.log().toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      restarted.add(p);
      long old = pid[0];
      pid[0] = p.pid();
      return "killed " + old + ", started " + p.pid();
    } catch (Exception e) {
      throw new AssertionError("restarting worker " + pid[0] + " failed: " + e, e);
    }
  }

  /**
   * Starts a Redis per cloud (added to {@code redis}), writes the worker clouds file and the job
   * {@code job} on it, its apps, and brings the cluster up in {@code clusterDir}; returns the job's file.
   */
  private Path cluster(String job, List<RedisServer> redis, Path clusterDir) throws IOException {
    return cluster(job, redis, clusterDir, "5s");
  }

  /** {@link #cluster(String, List, Path)} with the functions' timeout {@code timeout}. */
  private Path cluster(String job, List<RedisServer> redis, Path clusterDir, String timeout) throws IOException {
    Path example = Path.of("../examples/fl").toAbsolutePath().normalize();
    for (int i = 0; i < CLOUDS.size(); i++) {
      redis.add(RedisServer.start());
    }
    Path clouds = workerClouds(example.resolve("clouds.yaml"), redis);
    Path fl = Files.writeString(dir.resolve("fl.yaml"), job.replace("clouds: clouds.yaml", "clouds: " + clouds));
    // a worker killed mid-execution costs the functions' timeout: short here, the digits train in milliseconds
    CliResult apps = cli("fl", "apps", fl.toString(), "--out", dir.resolve("apps").toString(), "--timeout", timeout);
    assertThat(apps.code()).as(apps.err()).isZero();
    assertThat(apps.out()).contains("wrote 21 apps");
    List<String> up = new ArrayList<>(List.of("cluster", "up", clouds.toString()));
    try (var files = Files.list(dir.resolve("apps"))) {
      files.map(Path::toString).sorted().forEach(up::add);
    }
    up.addAll(List.of("--dir", clusterDir.toString()));
    CliResult started = cli(up.toArray(String[]::new));
    assertThat(started.code()).as(started.out() + started.err()).isZero();
    return fl;
  }

  /** The example job on the digits, smaller: {@code methods}, a budget of 60, an evaluation every 15. */
  private static String job(String methods) throws IOException {
    Path example = Path.of("../examples/fl").toAbsolutePath().normalize();
    String job = Files.readString(example.resolve("fl.yaml"))
        .replace("file: ../../fl/", "file: " + example.resolve("../../fl/").normalize() + "/")
        .replace("budget: 400", "budget: 60")
        .replace("eval-every: 25", "eval-every: 15")
        .replace("methods: [nebulafl, fedavg, fedasync, fedbuff, hierfedavg]", "methods: [" + methods + "]");
    assertThat(job).contains("budget: 60", "methods: [" + methods + "]", "clouds: clouds.yaml");
    return job;
  }

  /** {@code job} on the example's in-process clouds. */
  private Path local(String job) throws IOException {
    Path example = Path.of("../examples/fl").toAbsolutePath().normalize();
    return Files.writeString(dir.resolve("local.yaml"), job.replace("clouds: clouds.yaml",
        "clouds: " + example.resolve("clouds.yaml")));
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

  /** The worker process of cloud {@code cloud} in the cluster {@code state} describes. */
  private static ClusterState.Member worker(ClusterState state, String cloud) {
    return state.members().stream().filter(m -> cloud.equals(m.cloud())).findFirst()
        .orElseThrow(() -> new AssertionError("no worker of cloud " + cloud + " in " + state.members()));
  }

  /**
   * How many executions of {@code function} (any app) failed and were retried on a worker, from its
   * {@code /metrics} ({@code jointflow_invocations_total{outcome="retried"}}).
   */
  private static double retried(ClusterState.Member worker, String function) throws IOException, InterruptedException {
    var client = java.net.http.HttpClient.newHttpClient();
    var response = client.send(java.net.http.HttpRequest.newBuilder(worker.url().resolve("/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s/metrics", worker.url()).isEqualTo(200);
    double sum = 0;
    for (String line : response.body().lines().toList()) {
      if (line.startsWith("jointflow_invocations_total{") && line.contains("function=\"" + function + "\"")
          && line.contains("outcome=\"retried\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The keys in a Redis server, by {@code redis-cli --scan} (it comes with redis-server). */
  private static String keys(RedisServer r) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(r.port()), "--scan").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("redis-cli: %s", out).isZero();
    return out;
  }
}
