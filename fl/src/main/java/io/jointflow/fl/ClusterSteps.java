package io.jointflow.fl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.cluster.GatewayClient;
import io.jointflow.core.RunStatus;
import io.jointflow.function.JointflowException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Runs a method's steps on a cluster through its gateway, as runs of the apps {@link FlApps} wrote:
 * a job's train-then-aggregate, a model transfer, and every agent operation. What a step's
 * functions return (the outcome and the effects of the agent operation inside it) comes back as
 * the run's result. One step at a time: the engine waits for each.
 */
final class ClusterSteps implements Steps {
  /** A step waits this long at most; a hung step is a bug or a cluster that is down, reported as such. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(5);

  private final GatewayClient gateway;
  private final String job;
  private final FlSetup setup;
  private final String run;
  private final String method;
  private final DoubleSupplier now;
  private long runs;
  private long spanEgress;
  private double spanCost;

  ClusterSteps(FlCluster cluster, FlSetup setup, String run, String method, DoubleSupplier now) {
    this.gateway = cluster.gateway();
    this.job = cluster.job();
    this.setup = setup;
    this.run = run;
    this.method = method;
    this.now = now;
  }

  FlSetup setup() {
    return setup;
  }

  /** The context of an operation run now. */
  Wire.Ctx ctx() {
    return new Wire.Ctx(job, run, method, now.getAsDouble());
  }

  @Override
  public Wire.Result job(Job job, byte[] parcel) {
    return step(FlApps.jobApp(job.dc(), job.aggregator()),
        Map.of("in", parcel, "ctx", Wire.ctx(ctx()), "job", Wire.job(job)), false);
  }

  @Override
  public Wire.Result move(Effect.Send s, byte[] parcel) {
    return step(FlApps.moveApp(s.src(), s.dst()), Map.of("in", parcel, "ctx", Wire.ctx(ctx())), false);
  }

  /** Runs an agent operation in its data center's worker; it must succeed (the run cannot go on without it). */
  Wire.Result operate(Wire.Op op) {
    return step(FlApps.agentApp(op.dc()), Map.of("op", Wire.op(op)), true);
  }

  private Wire.Result step(String app, Map<String, byte[]> inputs, boolean mustSucceed) {
    String id = gateway.start(app, "fl-" + run.substring(0, 8) + "-" + method + "-" + (++runs), inputs);
    long guard = System.nanoTime() + HANG_GUARD.toNanos();
    GatewayClient.RemoteRun r = gateway.await(id, Duration.ofSeconds(30));
    while (r.status() == RunStatus.RUNNING && System.nanoTime() < guard) {
      r = gateway.await(id, Duration.ofSeconds(30));
    }
    if (r.status() == RunStatus.RUNNING) {
      throw new JointflowException("fl step '" + id + "' of app '" + app + "' did not end within " + HANG_GUARD
          + "; see 'jointflow runs show " + id + "' against the cluster's gateway");
    }
    JsonNode spans = gateway.spans(id);
    for (JsonNode s : spans.path("spans")) {
      spanEgress += s.path("egressBytes").asLong();
    }
    spanCost += spans.path("cost").path("total").asDouble();
    if (r.status() != RunStatus.SUCCEEDED || r.result() == null) {
      if (mustSucceed) {
        throw new JointflowException("fl agent operation '" + id + "' (app '" + app + "') " + r.status() + ": "
            + r.failure());
      }
      return Wire.Result.of("lost", java.util.List.of());
    }
    if (Wire.isResult(r.result())) {
      return Wire.result(r.result(), setup);
    }
    return Wire.Result.of(new String(r.result(), StandardCharsets.UTF_8), java.util.List.of());
  }

  @Override
  public long spanEgress() {
    return spanEgress;
  }

  @Override
  public double spanCost() {
    return spanCost;
  }

  @Override
  public void close() {}
}
