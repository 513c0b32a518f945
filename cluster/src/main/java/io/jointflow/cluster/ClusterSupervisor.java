package io.jointflow.cluster;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeType;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts, checks and stops a cluster on this machine: one {@code jointflow worker} process per
 * cloud of a {@code clouds.yaml} (each on its cloud's {@code url}) and one {@code jointflow gateway},
 * detached from the terminal, with their logs and a {@link ClusterState} in one directory. With
 * network namespaces, each worker runs in a namespace of its own ({@link NamespaceNetwork}) on an
 * address of it, and the gateway in the root one.
 */
public final class ClusterSupervisor {
  /** Environment variable of the gateway's token; generated when unset. */
  public static final String TOKEN_ENV = "JOINTFLOW_GATEWAY_TOKEN";
  private static final Pattern WORKER_READY = Pattern.compile("worker (\\S+) listening on (http://\\S+)");
  private static final Pattern GATEWAY_READY = Pattern.compile("gateway listening on (http://\\S+)");
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final List<String> launcher;
  private final Map<String, String> environment;

  private ClusterSupervisor(Path dir, List<String> launcher, Map<String, String> environment) {
    this.dir = dir.toAbsolutePath().normalize();
    this.launcher = List.copyOf(launcher);
    this.environment = Map.copyOf(environment);
  }

  /**
   * A supervisor of the cluster kept in {@code dir}, which starts processes with {@code launcher}
   * followed by {@code worker ...} or {@code gateway ...} (the command line's main class and
   * classpath), reading keys and token from {@code environment}.
   */
  public static ClusterSupervisor create(Path dir, List<String> launcher, Map<String, String> environment) {
    return new ClusterSupervisor(dir, launcher, environment);
  }

  /**
   * Starts a worker per cloud and the gateway, each serving every app of {@code apps}, waits until
   * each is ready, and records them. On any failure, stops what it started and throws with the
   * failing process's last log lines.
   *
   * @param apps the apps, by name, with their definition files (checked by the caller: distinct
   *     names, valid definitions); at least one
   * @param jars handler jars, passed to every process
   * @param gatewayPort the gateway's port, 0 for a free one
   * @param netns whether each worker runs in a network namespace of its own (needs root and iproute2):
   *     its url's host is replaced by its namespace's address in a copy of the clouds file that the
   *     processes read; on a failure the namespaces are removed too
   */
  public ClusterState up(Clouds clouds, Path cloudsFile, List<ClusterState.AppFile> apps, List<Path> jars, int gatewayPort,
      boolean netns, PrintWriter out) {
    if (apps.isEmpty()) {
      throw new IllegalArgumentException("a cluster serves at least one app");
    }
    Optional<ClusterState> old = ClusterState.read(dir);
    if (old.isPresent() && old.get().members().stream().anyMatch(m -> m.process().isPresent())) {
      throw new JointflowException("a cluster is already up (" + dir.resolve(ClusterState.FILE) + "): stop it first with"
          + " 'jointflow cluster down'" + (dir.endsWith(".jointflow/cluster") ? "" : " --dir " + dir));
    }
    for (CloudSpec c : clouds.clouds().values()) {
      if (c.compute().type() != ComputeType.WORKER) {
        throw new JointflowException("cloud '" + c.name() + "' has compute type '" + c.compute().type().configName()
            + "', but a cluster runs one worker process per cloud: give it 'compute: {type: worker, url:"
            + " http://127.0.0.1:PORT}'");
      }
    }
    Iproute ip = null;
    if (netns) {
      ip = Iproute.find();
      NamespaceClouds.checkReachable(clouds);
      // The namespaces of an earlier cluster here whose 'up' or 'down' did not finish.
      NamespaceNetwork.remove(dir, out);
    }
    String keyEnv = clouds.signing().keyEnv();
    String key = environment.get(keyEnv);
    Map<String, String> childEnv = new java.util.HashMap<>();
    SecureRandom random = new SecureRandom();
    if (key == null || key.isBlank()) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      childEnv.put(keyEnv, Base64.getEncoder().encodeToString(k));
      out.println("signing key: " + keyEnv + " is not set, so this cluster's processes share a new random one"
          + " (set it to reach the workers from elsewhere: openssl rand -base64 32)");
    }
    String token = environment.get(TOKEN_ENV);
    if (token == null || token.isBlank()) {
      byte[] t = new byte[24];
      random.nextBytes(t);
      token = HexFormat.of().formatHex(t);
    }
    childEnv.put(TOKEN_ENV, token);
    List<Started> started = new ArrayList<>();
    NamespaceNetwork net = null;
    try {
      Files.createDirectories(dir);
      Path processesClouds = cloudsFile;
      if (ip != null) {
        NamespaceNetwork.Lock lock = NamespaceNetwork.lock();
        try {
          net = NamespaceNetwork.plan(dir, List.copyOf(clouds.clouds().keySet()), ip);
          net.create(dir, ip);
        } finally {
          lock.close();
        }
        out.println("  network: bridge " + net.bridge() + " " + net.bridgeAddress() + "/24; a namespace per cloud: "
            + String.join(", ", net.hosts().stream().map(h -> h.cloud() + " " + h.namespace() + " " + h.address()).toList()));
        out.println(ip.hasNetem(net.hosts().get(0).veth())
            ? "netem is available, but --netns does not use it yet: delays stay emulated in each worker process, as without --netns"
            : "netem not available in this kernel: delays stay emulated in each worker process, as without --netns");
        processesClouds = NamespaceClouds.write(dir, cloudsFile, clouds, net);
      }
      List<String> common = new ArrayList<>(List.of("--config", processesClouds.toAbsolutePath().toString()));
      List<ClusterState.AppFile> absolute = new ArrayList<>();
      for (ClusterState.AppFile a : apps) {
        Path file = a.file().toAbsolutePath().normalize();
        absolute.add(new ClusterState.AppFile(a.name(), file));
        common.add("--app");
        common.add(file.toString());
      }
      for (Path j : jars) {
        common.add("--jar");
        common.add(j.toAbsolutePath().toString());
      }
      for (CloudSpec c : clouds.clouds().values()) {
        List<String> cmd = new ArrayList<>(List.of("worker", "--cloud", c.name()));
        cmd.addAll(common);
        // 'ip netns exec' enters the namespace and executes the worker itself: the pid is the worker's.
        List<String> in = net == null ? List.of() : List.of(ip.ip().toString(), "netns", "exec", net.host(c.name()).namespace());
        started.add(spawn("worker", c.name(), in, cmd, childEnv, dir.resolve("worker-" + c.name() + ".log")));
      }
      List<String> gw = new ArrayList<>(List.of("gateway", "--port", Integer.toString(gatewayPort)));
      gw.addAll(common);
      started.add(spawn("gateway", "-", List.of(), gw, childEnv, dir.resolve("gateway.log")));
      List<ClusterState.Member> members = new ArrayList<>();
      URI gateway = null;
      for (Started s : started) {
        URI url = awaitReady(s);
        String namespace = net != null && s.role.equals("worker") ? net.host(s.cloud).namespace() : "";
        members.add(new ClusterState.Member(s.role, s.cloud, url, s.process.pid(),
            s.process.info().startInstant().orElse(Instant.now()), s.log, namespace));
        out.println("  " + members.get(members.size() - 1) + " ready; log " + s.log);
        if (s.role.equals("gateway")) {
          gateway = url;
        }
      }
      ClusterState state = new ClusterState(gateway, token, absolute, members);
      state.write(dir);
      return state;
    } catch (IOException | RuntimeException e) {
      for (Started s : started) {
        stop(s.process);
      }
      if (net != null) {
        try {
          NamespaceNetwork.remove(dir, out);
        } catch (RuntimeException r) {
          e.addSuppressed(r);
        }
      }
      if (e instanceof JointflowException j) {
        throw j;
      }
      throw new JointflowException("cluster could not start: " + e.getMessage(), e);
    }
  }

  /**
   * The columns of {@link #status()}'s lines: role, cloud, pid, url, then for a cluster with network
   * namespaces each process's namespace ({@code -} for the root one), then its state.
   */
  public String statusHeader() {
    return ClusterState.read(dir).filter(ClusterSupervisor::inNamespaces).isPresent()
        ? String.format("%-8s %-12s %-8s %-28s %-20s %s", "ROLE", "CLOUD", "PID", "URL", "NETNS", "STATE")
        : String.format("%-8s %-12s %-8s %-28s %s", "ROLE", "CLOUD", "PID", "URL", "STATE");
  }

  private static boolean inNamespaces(ClusterState state) {
    return state.members().stream().anyMatch(m -> !m.netns().isEmpty());
  }

  /** One line per process: alive and healthy, or what is wrong; empty if no cluster is up here. */
  public List<String> status() {
    Optional<ClusterState> state = ClusterState.read(dir);
    if (state.isEmpty()) {
      return List.of();
    }
    boolean namespaces = inNamespaces(state.get());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> lines = new ArrayList<>();
    for (ClusterState.Member m : state.get().members()) {
      String health;
      if (m.process().isEmpty()) {
        health = "DOWN (process exited; see " + m.log() + ")";
      } else {
        try {
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(m.url().resolve("/health"))
              .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
          health = r.statusCode() == 200 ? "UP" : "UNHEALTHY (/health answered " + r.statusCode() + ")";
        } catch (IOException e) {
          health = "UNREACHABLE (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          health = "UNKNOWN (interrupted)";
        }
      }
      lines.add(namespaces
          ? String.format("%-8s %-12s %-8d %-28s %-20s %s", m.role(), m.cloud(), m.pid(), m.url(),
              m.netns().isEmpty() ? "-" : m.netns(), health)
          : String.format("%-8s %-12s %-8d %-28s %s", m.role(), m.cloud(), m.pid(), m.url(), health));
    }
    return lines;
  }

  /**
   * Stops every process of the cluster (SIGTERM, then SIGKILL after 30 s) and removes its state and
   * the network namespaces, veth pairs and bridge of {@code --netns}, also those an {@code up} that
   * failed or crashed left behind (idempotent); the logs stay.
   *
   * @return how many processes were still running
   */
  public int down(PrintWriter out) {
    Optional<ClusterState> state = ClusterState.read(dir);
    int running = 0;
    for (ClusterState.Member m : state.map(ClusterState::members).orElse(List.of())) {
      Optional<ProcessHandle> p = m.process();
      if (p.isPresent()) {
        running++;
        boolean graceful = stop(p.get());
        out.println("  stopped " + m + (graceful ? "" : " (killed: it did not stop within 30 s)"));
      }
    }
    NamespaceNetwork.remove(dir, out);
    try {
      Files.deleteIfExists(dir.resolve(ClusterState.FILE));
    } catch (IOException e) {
      throw new JointflowException("cannot remove " + dir.resolve(ClusterState.FILE) + ": " + e.getMessage(), e);
    }
    return running;
  }

  private record Started(String role, String cloud, Process process, Path log) {}

  private Started spawn(String role, String cloud, List<String> prefix, List<String> args, Map<String, String> env, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid"); // its own session: a closed terminal or Ctrl-C elsewhere does not stop it
    }
    cmd.addAll(prefix);
    cmd.addAll(launcher);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    return new Started(role, cloud, pb.start(), log);
  }

  private static URI awaitReady(Started s) throws IOException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Pattern ready = s.role.equals("gateway") ? GATEWAY_READY : WORKER_READY;
    while (true) {
      for (String line : Files.readAllLines(s.log)) {
        Matcher m = ready.matcher(line);
        if (m.find() && (s.role.equals("gateway") || m.group(1).equals(s.cloud))) {
          return URI.create(m.group(s.role.equals("gateway") ? 1 : 2));
        }
      }
      if (!s.process.isAlive()) {
        throw new JointflowException(s.role + (s.role.equals("worker") ? " '" + s.cloud + "'" : "") + " exited with code "
            + s.process.exitValue() + " before it was ready; the end of " + s.log + ":\n" + tail(s.log));
      }
      if (System.nanoTime() > deadline) {
        throw new JointflowException(s.role + (s.role.equals("worker") ? " '" + s.cloud + "'" : "") + " was not ready after "
            + READY_TIMEOUT.toSeconds() + " s; the end of " + s.log + ":\n" + tail(s.log));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JointflowException("interrupted while waiting for " + s.role + " " + s.cloud, e);
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** SIGTERM, wait up to 30 s, then SIGKILL; true if it stopped by itself. */
  private static boolean stop(ProcessHandle p) {
    p.destroy();
    try {
      p.onExit().get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      p.destroyForcibly();
      return false;
    }
  }

  private static boolean stop(Process p) {
    return stop(p.toHandle());
  }
}
