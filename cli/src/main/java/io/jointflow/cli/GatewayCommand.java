package io.jointflow.cli;

import io.jointflow.cloud.Clouds;
import io.jointflow.cluster.ClusterSupervisor;
import io.jointflow.cluster.Gateway;
import io.jointflow.cluster.GatewayOptions;
import io.jointflow.core.Jointflow;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import io.jointflow.worker.SigningKey;
import io.jointflow.worker.WorkerClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jointflow gateway}: a cluster's front door, usually started by {@code cluster up}. */
@Command(name = "gateway", description = {"Serve a cluster's gateway: start runs of each --app on the workers of CLOUDS,",
    "follow them, and return their result, spans and cost (API: docs/cluster.md). Runs no functions itself.",
    "The token is in " + ClusterSupervisor.TOKEN_ENV + "; the signing key in the variable the clouds file names.",
    "Prints 'gateway listening on URL' when ready; stops on SIGTERM or Ctrl-C."})
final class GatewayCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "CLOUDS.yaml", description = "The clouds file; every cloud's compute is a worker.")
  Path config;

  @Option(names = "--app", required = true, paramLabel = "APP.yaml",
      description = "An app the workers run. Repeatable: a cluster serves several apps.")
  List<Path> apps;

  @Option(names = "--jar", paramLabel = "JAR", description = "A jar with handler classes (repeatable).")
  List<Path> jars = new ArrayList<>();

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port on 127.0.0.1; 0 (default) picks a free one.")
  int port;

  @Override
  public Integer call() throws Exception {
    Clouds clouds = CloudsDefinitions.load(config);
    ClassLoader jarHandlers = HandlerJars.loader(jars);
    List<LoadedApp> loaded = AppFiles.load(apps, jarHandlers, clouds);
    String token = System.getenv(ClusterSupervisor.TOKEN_ENV);
    if (token == null || token.isBlank()) {
      throw new JointflowException("environment variable '" + ClusterSupervisor.TOKEN_ENV + "' is not set: it must hold the"
          + " gateway's bearer token (generate one with: openssl rand -hex 24)");
    }
    GatewayOptions options = GatewayOptions.of(token).withPort(port);
    SigningKey key = WorkerClient.key(clouds);
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // SIGTERM: let the main thread close the gateway and the host before the JVM halts.
    Thread hook = new Thread(() -> {
      stopped.countDown();
      try {
        closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try (SystemEnvironment env = SystemEnvironment.create();
        Jointflow host = Jointflow.builder().environment(env).client(clouds, WorkerClient.backends(clouds, key, env))
            .build()) {
      List<String> names = new ArrayList<>();
      for (LoadedApp a : loaded) {
        host.deploy(a.app(), AppFiles.loader(a, jarHandlers), AppFiles.source(a));
        names.add(a.app().name());
      }
      try (Gateway gateway = Gateway.start(host, names, options)) {
        spec.commandLine().getOut().println("gateway listening on " + gateway.uri());
        spec.commandLine().getOut().flush();
        stopped.await();
      }
    } finally {
      closed.countDown();
    }
    return 0;
  }
}
