package io.jointflow.cli;

import io.jointflow.core.RunHandle;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow run APP.yaml}: runs an app to completion in this process. */
@Command(name = "run", description = {"Run an app definition to completion, embedded in this process.",
    "Progress goes to stderr; at the end the result goes to stdout and a per-function summary to stderr.",
    "Exit codes: 0 succeeded, 1 the run failed (an exactly-once run in a durable store keeps its state",
    "for 'runs resume'; an ephemeral one, or one in --state memory, keeps nothing), 2 bad input."})
final class RunCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "APP", description = "The app definition (.yaml, .yml or .json).")
  Path app;

  @Option(names = {"-i", "--input"}, paramLabel = "KEY=VALUE",
      description = "An input object: KEY=text, or KEY=@FILE for a file's bytes. Repeatable; overrides the definition's inputs.")
  List<String> inputs = List.of();

  @Option(names = "--run-id", paramLabel = "ID", description = "Run id (default: generated). Re-running an id continues or returns that run.")
  String runId;

  @Mixin
  FollowOptions follow = new FollowOptions();

  @Mixin
  StateOptions state = new StateOptions();

  @Option(names = "--cluster", paramLabel = "URL",
      description = "Run on a cluster (jointflow cluster up) through its gateway at URL; this process only follows the run."
          + " The token comes from JOINTFLOW_GATEWAY_TOKEN or the cluster's directory.")
  java.net.URI cluster;

  @Option(names = "--cluster-dir", paramLabel = "DIR", defaultValue = ClusterCommand.DEFAULT_DIR,
      description = "Where 'cluster up' keeps the cluster's state and token (default ${DEFAULT-VALUE}).")
  Path clusterDir;

  @Override
  public Integer call() {
    Duration limit = follow.limit();
    if (cluster != null) {
      // This process only follows the run: the cluster's processes check and load the handlers (cluster up --jar).
      LoadedApp loaded = io.jointflow.definition.AppDefinitions.load(app, null);
      return ClusterRun.run(cluster, clusterDir, loaded.app().name(), runId, inputs(loaded), limit, follow.quiet,
          spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    LoadedApp loaded = state.clouds == null ? Session.load(app)
        : io.jointflow.definition.AppDefinitions.load(app, Main.class.getClassLoader(),
            io.jointflow.definition.CloudsDefinitions.load(state.clouds));
    try (Session s = Session.open(state)) {
      s.deploy(loaded, app);
      RunHandle run = s.jointflow().start(loaded.app().name(), runId, inputs(loaded));
      RunAdvice advice = state.clouds != null ? RunAdvice.ofClouds(state.clouds, loaded.app().mode(), app)
          : RunAdvice.of(state.state, loaded.app().mode(), app);
      return Follow.follow(run, limit, follow.quiet, advice, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** The definition's inputs overridden by --input. */
  private Map<String, Object> inputs(LoadedApp loaded) {
    Map<String, Object> in = new LinkedHashMap<>();
    loaded.inputs().forEach((k, v) -> in.put(k, value(k, v)));
    for (String kv : inputs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new JointflowException("--input '" + kv + "' must be KEY=VALUE or KEY=@FILE");
      }
      in.put(kv.substring(0, eq), value(kv.substring(0, eq), kv.substring(eq + 1)));
    }
    return in;
  }

  /** A value or, for {@code @FILE}, the file's bytes. */
  static Object value(String key, String v) {
    if (!v.startsWith("@")) {
      return v;
    }
    Path p = Path.of(v.substring(1));
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new JointflowException("input '" + key + "' names file '" + p + "', which cannot be read: " + e);
    }
  }
}
