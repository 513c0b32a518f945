package io.jointflow.cli;

import io.jointflow.cluster.ClusterState;
import io.jointflow.cluster.GatewayClient;
import io.jointflow.fl.FlApps;
import io.jointflow.fl.FlCluster;
import io.jointflow.fl.FlConfig;
import io.jointflow.function.JointflowException;
import io.jointflow.fl.FlReport;
import io.jointflow.fl.Federation;
import io.jointflow.fl.MethodResult;
import io.jointflow.fl.Point;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow fl train fl.yaml}: federated learning (NebulaFL and baselines) on the clouds of a clouds file. */
@Command(name = "fl", description = "Federated learning across clouds (NebulaFL, FedAvg, FedAsync, FedBuff, HierFedAvg).",
    subcommands = {FlCommand.Train.class, FlCommand.Apps.class, FlCommand.Clean.class})
final class FlCommand implements Runnable {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: train, apps");
  }

  /** {@code fl train}. */
  @Command(name = "train", description = {"Train every method of an fl.yaml in emulated time, each step a Jointflow run on",
      "its data center's cloud; print a comparison and write report.txt, curves.csv and PNG charts."},
      footer = {"", "Examples:", "  jointflow fl train examples/fl/fl.yaml --out fl-report",
          "  jointflow fl train cluster-fl.yaml --cluster   (on the cluster started with the apps of 'jointflow fl apps')"})
  static final class Train implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FL_YAML", description = "The job (format: docs/fl.md).")
    Path file;

    @Option(names = "--out", defaultValue = "fl-report", description = "Report directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--methods", split = ",", description = "Only these methods (default: the file's).")
    List<String> methods;

    @Option(names = "--cluster", description = {"Run every step and agent operation on the workers of the cluster started",
        "in --cluster-dir with the apps of 'jointflow fl apps' (default: embedded in this process)."})
    boolean onCluster;

    @Option(names = "--cluster-dir", paramLabel = "DIR", defaultValue = ClusterCommand.DEFAULT_DIR,
        description = "Directory of the cluster ('jointflow cluster up --dir'; default ${DEFAULT-VALUE}).")
    Path clusterDir;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter outw = spec.commandLine().getOut();
      FlConfig c = FlConfig.load(file);
      List<String> ms = methods != null ? methods : c.methods();
      double budget = c.setup().options().budget();
      FlCluster cluster = null;
      if (onCluster) {
        ClusterState state = ClusterState.read(clusterDir).orElseThrow(() -> new JointflowException("no cluster in '"
            + clusterDir + "': start one with 'jointflow cluster up CLOUDS_YAML APPS... --dir " + clusterDir
            + "' on the apps of 'jointflow fl apps " + file + " --out DIR'"));
        java.util.Set<String> served = new java.util.HashSet<>();
        state.apps().forEach(a -> served.add(a.name()));
        if (!served.contains("fl-agent-0")) {
          throw new JointflowException("the cluster in '" + clusterDir + "' does not serve the fl apps (it serves "
              + served + "); write them with 'jointflow fl apps " + file + " --out DIR' and start the cluster on them");
        }
        cluster = FlCluster.of(GatewayClient.create(state.gateway(), ClusterRun.token(state.gateway(), clusterDir)), file)
            .onWait(w -> {
              err.println();
              err.println("fl: " + w);
              err.flush();
            });
        err.println("fl: every step runs on the cluster at " + state.gateway());
      }
      List<MethodResult> results = Federation.run(c.setup(), ms, (m, p) -> bar(err, m, p, budget), cluster);
      err.println();
      String text = FlReport.text(c.name(), c.setup(), results, c.target());
      outw.print(text);
      outw.flush();
      List<Path> files = FlReport.write(out, c.name(), c.setup(), results, c.target());
      err.println("fl: wrote " + files.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
      return 0;
    }

    private static void bar(PrintWriter err, String method, Point p, double budget) {
      int width = 30;
      int done = (int) Math.round(width * Math.min(1, p.time() / budget));
      err.printf(Locale.ROOT, "\r%-11s [%s%s] %3.0f%%  accuracy %.3f  rent %.4g  cross-cloud %s%s", method,
          "#".repeat(done), ".".repeat(width - done), 100 * p.time() / budget, p.accuracy(), p.cost(),
          Format.bytes(p.crossCloudBytes()), p.time() >= budget ? "\n" : "");
      err.flush();
    }
  }

  /** {@code fl apps}. */
  @Command(name = "apps", description = {"Write the Jointflow apps a cluster serves for an fl job (one per pair of data",
      "centers for jobs and transfers, one per data center for its agent), to start the cluster with."},
      footer = {"", "Example:", "  jointflow fl apps cluster-fl.yaml --out fl-apps",
          "  jointflow cluster up clouds.yaml fl-apps/*.yaml", "  jointflow fl train cluster-fl.yaml --cluster"})
  static final class Apps implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FL_YAML", description = "The job; its 'clouds:' file must be the cluster's.")
    Path file;

    @Option(names = "--out", defaultValue = "fl-apps", description = "Directory of the app files (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1m",
        description = {"How long a function's execution may take before it counts as lost and runs again (a worker",
            "killed mid-execution costs that long; default ${DEFAULT-VALUE})."})
    String timeout;

    @Override
    public Integer call() {
      List<Path> files = FlApps.write(file, out, Durations.parse("--timeout", timeout));
      spec.commandLine().getOut().println("fl: wrote " + files.size() + " apps into " + out + "; start the cluster with"
          + " them: jointflow cluster up CLOUDS_YAML " + out + "/*.yaml");
      return 0;
    }
  }

  /** {@code fl clean}. */
  @Command(name = "clean", description = {"Delete the agents' records that fl runs on a cluster left in the state stores of",
      "the job's clouds (a driver that was killed, or a run that failed while a store was down).",
      "Without --run every fl run's records in those stores go: then run it while no 'fl train --cluster'",
      "runs on them."},
      footer = {"", "Example:", "  jointflow fl clean cluster-fl.yaml --list", "  jointflow fl clean cluster-fl.yaml --run RUN",
          "  jointflow fl clean cluster-fl.yaml"})
  static final class Clean implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FL_YAML", description = "The job; the stores are those of its 'clouds:' file.")
    Path file;

    @Option(names = "--list", description = "Only list what would be deleted.")
    boolean list;

    @Option(names = "--run", paramLabel = "RUN", description = {"Only the records of this run (as --list prints it, or a"
        + " failed run names it); other runs may use the stores meanwhile."})
    String run;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<FlCluster.Leftovers> found = FlCluster.leftovers(file, run, !list);
      if (found.isEmpty()) {
        out.println("fl: the clouds of " + file + " keep their state in memory: no store to clean");
        return 0;
      }
      for (FlCluster.Leftovers l : found) {
        out.println("fl: cloud " + l.cloud() + ": " + (l.keys().isEmpty() ? (run == null ? "no records" : "no records of run " + run)
            : l.keys().size() + " record(s) of " + l.runs().size() + " run(s) " + String.join(", ", l.runs())
            + (l.deleted() ? ", deleted" : " (--list: kept)")));
      }
      return 0;
    }
  }
}
