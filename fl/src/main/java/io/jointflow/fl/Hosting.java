package io.jointflow.fl;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Link;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.Span;
import io.jointflow.function.JointflowException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the steps of a federated method as Jointflow runs on the clouds of the setup: a training
 * job is app {@code fl-job-D-to-A} (train on data center D's cloud, bucket {@code updates} with an
 * immediate trigger, aggregate on A's cloud); a model transfer is app {@code fl-move-S-to-T} (send
 * on S, bucket {@code wire}, receive on T). Each step is one exactly-once run; its spans give the
 * bytes sent between clouds and the FaaS cost.
 */
final class Hosting implements Steps {
  /** A step waits this long at most; a hung step is a bug, reported as such. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(5);

  private final Engine engine;
  private final Jointflow jf;
  private final Set<String> deployed = new HashSet<>();
  private final String prefix;
  private long runs;
  private long spanEgress;
  private double spanCost;

  Hosting(Engine engine, String method) {
    this.engine = engine;
    this.prefix = method;
    Clouds clouds = engine.setup().clouds() != null ? engine.setup().clouds() : emulated(engine.setup().dataCenters());
    JointflowOptions options = JointflowOptions.builder().retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .retention(Duration.ofSeconds(2)).build();
    this.jf = Jointflow.builder().clouds(clouds).options(options).build();
  }

  /** One in-memory cloud per data center, no latency, free. */
  static Clouds emulated(List<String> names) {
    Clouds.Builder b = Clouds.builder();
    for (String n : names) {
      b.cloud(n, c -> c.state("memory"));
    }
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        b.link(Link.between(names.get(i), names.get(j), Duration.ZERO));
      }
    }
    return b.build();
  }

  /**
   * Runs a job's train-then-aggregate step: the aggregator's answer (or {@code lost}) and its merge's
   * effects. The job's end is the engine's to send.
   */
  @Override
  public Wire.Result job(Job job, byte[] parcel, long inFlight) {
    int dc = job.dc();
    int aggregator = job.aggregator();
    String app = "fl-job-" + dc + "-to-" + aggregator;
    if (deployed.add(app)) {
      jf.deploy(App.builder(app).mode(Mode.EXACTLY_ONCE)
          .functionSpec("train", f -> f.handler(new TrainFunction(engine)).outputs("updates")
              .placement(engine.cloud(dc)).maxAttempts(2))
          .functionSpec("aggregate", f -> f.handler(new AggregateFunction(engine)).placement(engine.cloud(aggregator))
              .maxAttempts(3))
          .bucket("updates", b -> b.trigger("arrivals", Trigger.immediate(), "aggregate"))
          .build());
    }
    return Wire.Result.of(step(app, parcel), engine.takeAfterStep());
  }

  /** Runs a transfer: {@code ok}, {@code rejected} or {@code lost}, and the receiver's effects. */
  @Override
  public Wire.Result move(Effect.Send s, byte[] parcel) {
    int src = s.src();
    int dst = s.dst();
    String app = "fl-move-" + src + "-to-" + dst;
    if (deployed.add(app)) {
      jf.deploy(App.builder(app).mode(Mode.EXACTLY_ONCE)
          .functionSpec("send", f -> f.handler(new SendFunction(engine)).outputs("wire")
              .placement(engine.cloud(src)))
          .functionSpec("receive", f -> f.handler(new ReceiveFunction(engine)).placement(engine.cloud(dst)))
          .bucket("wire", b -> b.trigger("arrivals", Trigger.immediate(), "receive"))
          .build());
    }
    return Wire.Result.of(step(app, parcel), engine.takeAfterStep());
  }

  @Override
  public long spanEgress() {
    return spanEgress;
  }

  @Override
  public double spanCost() {
    return spanCost;
  }

  private String step(String app, byte[] parcel) {
    RunHandle h = jf.start(app, prefix + "-" + (++runs), Map.of("in", parcel));
    RunInfo info = h.await(HANG_GUARD);
    if (info.status() == RunStatus.RUNNING) {
      throw new JointflowException("fl step '" + h.runId() + "' of app '" + app + "' did not end within " + HANG_GUARD
          + "; waiting on " + h.waitingOn());
    }
    for (Span s : h.spans()) {
      spanEgress += s.egressBytes();
      spanCost += s.cost();
    }
    if (info.status() != RunStatus.SUCCEEDED) {
      return "lost";
    }
    String r = info.resultText();
    return r == null ? "lost" : r.replace("\"", "");
  }

  @Override
  public void close() {
    jf.close();
  }
}
