package io.jointflow.cli;

import io.jointflow.cloud.Clouds;
import io.jointflow.cluster.ClusterState;
import io.jointflow.cluster.ClusterSupervisor;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow cluster up|status|down}: a cluster of worker processes and a gateway on this machine. */
@Command(name = "cluster", description = {"A cluster on this machine: one worker process per cloud and a gateway,",
    "serving one or more apps (every cloud's compute: {type: worker, url: ...}).",
    "  jointflow cluster up [--netns] CLOUDS.yaml APP.yaml [APP2.yaml]...   start it",
    "  jointflow run APP.yaml --cluster URL        run one of its apps on it",
    "  jointflow cluster status | down"},
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
final class ClusterCommand implements Runnable {
  /** Where a cluster keeps its state and logs, relative to the working directory. */
  static final String DEFAULT_DIR = ".jointflow/cluster";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a cluster command: up, status, down");
  }

  /** The command that starts this program again in a child process: this JVM, this classpath. */
  static List<String> launcher() {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName());
  }

  static ClusterSupervisor supervisor(Path dir) {
    return ClusterSupervisor.create(dir, launcher(), System.getenv());
  }

  @Command(name = "up", description = {"Start a worker per cloud of CLOUDS.yaml, each on its cloud's url, and a",
      "gateway, all serving every APP.yaml given; wait until all are ready.",
      "The apps need distinct names, and their jars must not define one class",
      "differently; otherwise nothing starts. Logs and state go to --dir.",
      "The gateway's token is " + ClusterSupervisor.TOKEN_ENV + " if set, else a new one kept",
      "(owner-only) in DIR/cluster.json, where 'run --cluster' finds it.",
      "With --netns (root, iproute2) each worker runs in a network namespace of",
      "its own on a bridge in 10.213.N.0/24 (docs/cluster.md); the gateway stays",
      "on 127.0.0.1."})
  static final class Up implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLOUDS.yaml")
    Path clouds;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "APP.yaml", description = "The apps it serves (one or more).")
    List<Path> apps;

    @Option(names = "--jar", paramLabel = "JAR", description = "A jar with handler classes (repeatable).")
    List<Path> jars = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR, description = "State and logs (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "0", description = "The gateway's port; 0 (default) picks a free one.")
    int gatewayPort;

    @Option(names = "--netns", description = "Run each worker in a network namespace of its own (needs root and iproute2),"
        + " joined to the others by veth pairs on a bridge; its url's host becomes its namespace's address"
        + " (in DIR/clouds-netns.yaml). Stores on loopback are refused. Delays stay emulated in each process.")
    boolean netns;

    @Override
    public Integer call() {
      // Check every file before anything starts: a bad one changes nothing.
      Clouds model = CloudsDefinitions.load(clouds);
      ClassLoader handlers = HandlerJars.loader(jars);
      List<ClusterState.AppFile> served = new ArrayList<>();
      try {
        // the handlers as the cluster's processes will see them
        for (LoadedApp a : AppFiles.load(apps, handlers, model)) {
          served.add(new ClusterState.AppFile(a.app().name(), Path.of(a.source())));
        }
      } finally {
        if (handlers instanceof java.net.URLClassLoader l) {
          try {
            l.close();
          } catch (java.io.IOException e) {
            // only closes the jars' files; the check is done
          }
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("starting " + model.clouds().size() + " worker(s) and a gateway for " + served.size() + " app(s)...");
      out.flush();
      ClusterState state = supervisor(dir).up(model, clouds, served, jars, gatewayPort, netns, out);
      out.println("cluster is up; gateway " + state.gateway());
      String clusterDir = dir.equals(Path.of(DEFAULT_DIR)) ? "" : " --cluster-dir " + dir;
      for (ClusterState.AppFile a : served) {
        out.println("  run " + a.name() + ":  jointflow run " + a.file() + " --cluster " + state.gateway() + clusterDir);
      }
      out.println("  stop: jointflow cluster down" + (dir.equals(Path.of(DEFAULT_DIR)) ? "" : " --dir " + dir));
      return 0;
    }
  }

  @Command(name = "status", description = "Show each process of the cluster (and its network namespace, with --netns) and"
      + " whether it answers /health, then the apps it serves. Exit 1 if any process is not up.")
  static final class Status implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR, description = "State and logs (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
      ClusterSupervisor supervisor = supervisor(dir);
      List<String> lines = supervisor.status();
      PrintWriter out = spec.commandLine().getOut();
      if (lines.isEmpty()) {
        out.println("no cluster is up (no " + dir.resolve(ClusterState.FILE) + "); start one with: jointflow cluster up CLOUDS.yaml APP.yaml...");
        return Main.RUN_FAILED;
      }
      out.println(supervisor.statusHeader());
      lines.forEach(out::println);
      List<ClusterState.AppFile> apps = ClusterState.read(dir).map(ClusterState::apps).orElse(List.of());
      if (!apps.isEmpty()) {
        out.println("APPS");
        apps.forEach(a -> out.println(String.format("  %-20s %s", a.name(), a.file())));
      }
      return lines.stream().allMatch(l -> l.endsWith(" UP")) ? 0 : Main.RUN_FAILED;
    }
  }

  @Command(name = "down", description = {"Stop every process of the cluster (SIGTERM; SIGKILL after 30 s).",
      "With --netns, also remove its network namespaces, veths and bridge (also",
      "those a failed 'up' left). Logs stay in --dir."})
  static final class Down implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR, description = "State and logs (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      int n = supervisor(dir).down(out);
      out.println(n == 0 ? "no cluster process was running" : "cluster is down (" + n + " process(es) stopped)");
      return 0;
    }
  }
}
