package io.jointflow.cli;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.core.JointflowOptions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.worker.WorkerHost;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jointflow worker --cloud NAME --config CLOUDS.yaml --app APP.yaml [--app APP2.yaml]...}:
 * hosts one cloud's functions of one or more apps in this process until SIGTERM (the assembly is
 * {@link WorkerHost}).
 */
@Command(name = "worker", description = {"Host one cloud of a clouds file: serve the signed invoke API for the functions",
    "of each --app placed on it, run the recovery sweeper, serve /health and /metrics (docs/worker-protocol.md).",
    "Invocations are routed by their app's name: the apps need distinct names, and",
    "their jars must not define one class differently (otherwise nothing starts).",
    "Invocations of other clouds go to their workers (compute type worker, by url). The signing key is read",
    "from the variable the clouds file's signing.key-env names (default JOINTFLOW_CLUSTER_KEY).",
    "Prints 'worker CLOUD listening on http://HOST:PORT' on stdout once ready; SIGTERM shuts it down",
    "gracefully (new invocations get 503, accepted ones finish, stores are closed).",
    "Exit codes: 0 after a shutdown, 2 bad input (nothing started)."})
final class WorkerCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--cloud", required = true, paramLabel = "NAME", description = "The cloud of the clouds file this worker hosts.")
  String cloud;

  @Option(names = "--config", required = true, paramLabel = "CLOUDS.yaml", description = "The clouds file (docs/clouds-format.md).")
  Path config;

  @Option(names = "--app", required = true, paramLabel = "APP.yaml",
      description = "An app definition whose functions it serves. Repeatable: one worker serves several apps.")
  List<Path> apps;

  @Option(names = "--jar", paramLabel = "JAR", description = "A jar with handler classes, besides the definition's jars. Repeatable.")
  List<Path> jars = List.of();

  @Option(names = "--port", paramLabel = "N", description = "Listen on this port (0: a free one) instead of the one in the cloud's url.")
  Integer port;

  @Option(names = "--sweep-interval", paramLabel = "DURATION", defaultValue = "1s",
      description = "How often the recovery sweeper looks for lost invocations (default ${DEFAULT-VALUE}).")
  String sweepInterval;

  @Option(names = "--host-lease", paramLabel = "DURATION", defaultValue = "10s",
      description = "How long this worker counts as alive after its last sweep; a killed worker's invocations"
          + " are taken over by others after it (default ${DEFAULT-VALUE}).")
  String hostLease;

  @Option(names = {"-v", "--verbose"}, description = "Log recoveries, failovers and rejected requests' details on stderr.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    Main.configureLogging(verbose);
    JointflowOptions options = JointflowOptions.defaults().withRecovery(
        Durations.parse("--sweep-interval", sweepInterval), Durations.parse("--host-lease", hostLease));
    // Everything is loaded and checked before anything opens: bad input starts nothing.
    Clouds clouds = CloudsDefinitions.load(config);
    CloudSpec own = clouds.cloud(cloud);
    ClassLoader handlers = HandlerJars.loader(jars);
    List<LoadedApp> loaded = AppFiles.load(apps, handlers, clouds);
    Session.createParentOf(own.state());
    WorkerHost.Builder b = WorkerHost.builder().clouds(clouds, cloud).options(options);
    for (LoadedApp a : loaded) {
      b.app(a.app(), AppFiles.loader(a, handlers), AppFiles.source(a));
    }
    if (port != null) {
      b.port(port);
    }
    WorkerHost host = b.build();
    Thread hook = new Thread(host::close, "jointflow-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println("worker " + cloud + " listening on " + host.uri());
    spec.commandLine().getOut().flush();
    host.awaitClose();
    return 0;
  }
}
