package io.jointflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.cluster.ClusterState;
import io.jointflow.cluster.ClusterSupervisor;
import io.jointflow.cluster.GatewayClient;
import io.jointflow.core.RunStatus;
import io.jointflow.function.JointflowException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code run --cluster URL}: the run goes to a cluster's gateway; this process only follows it. */
final class ClusterRun {
  private ClusterRun() {}

  /** The gateway's token: the environment's, else the one of the cluster started in {@code dir} with that gateway. */
  static String token(URI gateway, Path dir) {
    String env = System.getenv(ClusterSupervisor.TOKEN_ENV);
    if (env != null && !env.isBlank()) {
      return env;
    }
    Optional<ClusterState> state = ClusterState.read(dir);
    if (state.isPresent() && sameGateway(state.get().gateway(), gateway)) {
      return state.get().token();
    }
    throw new JointflowException("no token for gateway " + gateway + ": set " + ClusterSupervisor.TOKEN_ENV
        + (state.isPresent() ? " (the cluster in " + dir + " has gateway " + state.get().gateway() + ")"
            : ", or run from the directory where 'jointflow cluster up' ran (or pass its --cluster-dir)"));
  }

  private static boolean sameGateway(URI a, URI b) {
    return a.getPort() == b.getPort() && a.getHost().replace("localhost", "127.0.0.1").equals(b.getHost().replace("localhost", "127.0.0.1"));
  }

  static int run(URI gateway, Path dir, String app, String runId, Map<String, Object> inputs, Duration limit, boolean quiet,
      PrintWriter out, PrintWriter err) {
    GatewayClient client = GatewayClient.create(gateway, token(gateway, dir));
    long start = System.nanoTime();
    String id = client.start(app, runId, inputs);
    if (!quiet) {
      err.println("run " + id + " of app '" + app + "' started on cluster " + gateway);
      err.flush();
    }
    long deadline = start + limit.toNanos();
    GatewayClient.RemoteRun run = client.await(id, Duration.ofMillis(Math.min(1000, limit.toMillis())));
    while (run.status() == RunStatus.RUNNING && System.nanoTime() < deadline) {
      if (!quiet) {
        err.printf(Locale.ROOT, "[%.1fs] run %s: running%n", (System.nanoTime() - start) / 1e9, id);
        err.flush();
      }
      run = client.await(id, Duration.ofMillis(Math.max(1, Math.min(5000, (deadline - System.nanoTime()) / 1_000_000))));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (run.status() == RunStatus.RUNNING) {
      err.println("run " + id + " is still running on the cluster after " + Format.duration(took) + " (--timeout); follow it"
          + " with: curl -H 'Authorization: Bearer $" + ClusterSupervisor.TOKEN_ENV + "' " + gateway + "/v1/runs/" + id + "?wait=30000");
      return Main.RUN_FAILED;
    }
    if (run.status() != RunStatus.SUCCEEDED) {
      err.println("run " + id + " of app '" + app + "' " + run.status().name().toLowerCase(Locale.ROOT) + " after "
          + Format.duration(took) + ": " + run.failure());
      return Main.RUN_FAILED;
    }
    out.println(Format.result(run.result()));
    if (!quiet) {
      JsonNode spans = client.spans(id);
      err.println("run " + id + " of app '" + app + "' succeeded in " + Format.duration(took) + " on cluster " + gateway);
      err.printf(Locale.ROOT, "  makespan %d ms, %d instances, cost %.9f%n", spans.path("makespanMillis").asLong(),
          spans.path("spans").size(), spans.path("cost").path("total").asDouble());
      spans.path("cost").path("byCloud").properties().forEach(e -> err.printf(Locale.ROOT,
          "  %-12s compute %.9f  store %.9f  egress %.9f%n", e.getKey(), e.getValue().path("compute").asDouble(),
          e.getValue().path("store").asDouble(), e.getValue().path("egress").asDouble()));
    }
    return 0;
  }
}
