package io.jointflow.fl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.cluster.GatewayClient;
import io.jointflow.core.RunStatus;
import io.jointflow.function.JointflowException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Runs a method's steps on a cluster through its gateway, as runs of the apps {@link FlApps} wrote:
 * a job's train-then-aggregate, a model transfer, and every agent operation. What a step's
 * functions return (the outcome and the effects of the agent operation inside it) comes back as
 * the run's result. One step at a time: the engine waits for each.
 *
 * <p>A state store that is unreachable does not end the job: when the gateway answers that a store
 * is unavailable, or a step's agent operation could not reach its store ({@link
 * WorkerSite#UNAVAILABLE}), the step is started again after a pause (growing from half a second to
 * {@link #MAX_PAUSE}), each wait reported to the cluster's listener ({@link FlCluster#onWait}),
 * until it gets through or {@link #HANG_GUARD} has passed. A run that is still running after
 * {@link #NOTICE} is reported to that listener too, every {@link #NOTICE} (a worker that is down
 * costs each try the functions' timeout). Every run of a step carries the same
 * step id ({@link Wire.Ctx#step}), so an agent operation is applied once however often it is run.
 */
final class ClusterSteps implements Steps {
  /** A step waits this long at most; a hung step is a bug or a cluster that is down, reported as such. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(5);
  /** How long a step tried once ({@code patient} false: the clean-up of a failed run) may take in all. */
  private static final Duration ONCE_GUARD = Duration.ofSeconds(30);
  /** A step still running after this long is reported (and again each time as long): a worker may be down. */
  private static final Duration NOTICE = Duration.ofSeconds(10);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  private final FlCluster cluster;
  private final GatewayClient gateway;
  private final String job;
  private final FlSetup setup;
  private final String run;
  private final String method;
  private final DoubleSupplier now;
  private long steps;
  /** Reads the runs' spans one after the other, beside the steps; the totals are its alone until {@link #countAll}. */
  private final java.util.concurrent.ExecutorService spanReader = java.util.concurrent.Executors.newSingleThreadExecutor(
      Thread.ofPlatform().name("fl-spans").daemon().factory());
  private final List<java.util.concurrent.Future<?>> spanReads = new java.util.ArrayList<>();
  private long spanEgress;
  private double spanCost;

  ClusterSteps(FlCluster cluster, FlSetup setup, String run, String method, DoubleSupplier now) {
    this.cluster = cluster;
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

  String run() {
    return run;
  }

  String method() {
    return method;
  }

  /** The context of a new step run now: a new step id. */
  Wire.Ctx ctx() {
    return ctx(-1);
  }

  /** {@link #ctx()} for a job's step, with the smallest id in flight besides the job ({@link Wire.Ctx#inFlight}). */
  private Wire.Ctx ctx(long inFlight) {
    return new Wire.Ctx(job, run, method, now.getAsDouble(), "step-" + (++steps), inFlight);
  }

  @Override
  public Wire.Result job(Job job, byte[] parcel, long inFlight) {
    Wire.Ctx c = ctx(inFlight);
    return step(c, FlApps.jobApp(job.dc(), job.aggregator()),
        Map.of("in", parcel, "ctx", Wire.ctx(c), "job", Wire.job(job)), false, true);
  }

  @Override
  public Wire.Result move(Effect.Send s, byte[] parcel) {
    Wire.Ctx c = ctx();
    return step(c, FlApps.moveApp(s.src(), s.dst()), Map.of("in", parcel, "ctx", Wire.ctx(c)), false, true);
  }

  /**
   * Runs an agent operation in its data center's worker; it must succeed (the run cannot go on
   * without it). With {@code patient} false it is tried once, waiting for no store.
   */
  Wire.Result operate(Wire.Op op, boolean patient) {
    return step(op.ctx(), FlApps.agentApp(op.dc()), Map.of("op", Wire.op(op)), true, patient);
  }

  private Wire.Result step(Wire.Ctx c, String app, Map<String, byte[]> inputs, boolean mustSucceed, boolean patient) {
    String name = "fl-" + run.substring(0, 8) + "-" + method + "-" + c.step().substring("step-".length());
    Waiting w = new Waiting(name, app, patient);
    for (int attempt = 0; ; attempt++) {
      String id = attempt == 0 ? name : name + "-again-" + attempt;
      Wire.Result result = result(app, runToEnd(app, id, inputs, w), mustSucceed);
      if (!result.outcome().startsWith(WorkerSite.UNAVAILABLE)) {
        return result;
      }
      w.pause("run '" + id + "' could not reach a state store ("
          + result.outcome().substring(WorkerSite.UNAVAILABLE.length()).replaceFirst("^: ", "") + ")", "runs again");
    }
  }

  /**
   * Starts run {@code id} and waits for its end, counting its spans. A call the gateway answers with
   * an unavailable store is made again after a pause: a start of the same id with the same inputs
   * is the same run, and reads change nothing.
   */
  private GatewayClient.RemoteRun runToEnd(String app, String id, Map<String, byte[]> inputs, Waiting w) {
    w.retrying(() -> gateway.start(app, id, inputs));
    long started = System.nanoTime();
    long noticed = started;
    GatewayClient.RemoteRun r = w.retrying(() -> gateway.await(id, w.nextWait()));
    while (r.status() == RunStatus.RUNNING && !w.pastGuard()) {
      if (System.nanoTime() - noticed >= NOTICE.toNanos()) { // a gateway may hold a wait for less
        noticed = System.nanoTime();
        cluster.waiting("fl step run '" + id + "' (app '" + app + "') still runs after "
            + Duration.ofNanos(noticed - started).toSeconds() + " s (given up after " + w.limit.toSeconds()
            + " s); a worker that is down costs each try the functions' timeout ('fl apps --timeout'):"
            + " 'jointflow cluster status' shows which");
      }
      r = w.retrying(() -> gateway.await(id, w.nextWait()));
    }
    if (r.status() == RunStatus.RUNNING) {
      throw new JointflowException("fl step '" + id + "' of app '" + app + "' did not end within " + w.limit
          + "; see 'jointflow runs show " + id + "' against the cluster's gateway");
    }
    // the spans only add up to totals: read beside the next steps, not in their way
    spanReads.add(spanReader.submit(() -> count(new Waiting(id, app, true).retrying(() -> gateway.spans(id)))));
    return r;
  }

  /** Adds a run's spans to the totals (on the span reader's thread). */
  private void count(JsonNode spans) {
    for (JsonNode s : spans.path("spans")) {
      spanEgress += s.path("egressBytes").asLong();
    }
    spanCost += spans.path("cost").path("total").asDouble();
  }

  /** Waits for the spans of every run started so far to be counted. */
  private void countAll() {
    for (java.util.concurrent.Future<?> f : spanReads) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re
            : new JointflowException("reading an fl step's spans failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JointflowException("interrupted while reading the fl steps' spans", e);
      }
    }
    spanReads.clear();
  }

  /**
   * A step's waits for its runs and for unavailable stores: pauses growing to {@link #MAX_PAUSE},
   * all within {@link #HANG_GUARD}, or {@link #ONCE_GUARD} for a step tried once.
   */
  private final class Waiting {
    private final String step;
    private final String app;
    private final boolean patient;
    private final Duration limit;
    private final long guard;
    private Duration pause = FIRST_PAUSE;

    Waiting(String step, String app, boolean patient) {
      this.step = step;
      this.app = app;
      this.patient = patient;
      this.limit = patient ? HANG_GUARD : ONCE_GUARD;
      this.guard = System.nanoTime() + limit.toNanos();
    }

    boolean pastGuard() {
      return System.nanoTime() > guard;
    }

    /** How long the next wait for a run may ask the gateway to hold: {@link #NOTICE}, and not past the guard. */
    Duration nextWait() {
      long left = Math.max(1, (guard - System.nanoTime()) / 1_000_000);
      return Duration.ofMillis(Math.min(NOTICE.toMillis(), left));
    }

    <T> T retrying(java.util.function.Supplier<T> call) {
      while (true) {
        try {
          return call.get();
        } catch (GatewayClient.UnavailableException e) {
          pause(e.getMessage(), "asks again");
        }
      }
    }

    /** Reports why the step waits, and waits; or gives up, if it may not wait or waited long enough. */
    void pause(String why, String then) {
      if (!patient || System.nanoTime() + pause.toNanos() > guard) {
        throw new JointflowException("fl step '" + step + "' of app '" + app + "' gave up"
            + (patient ? " after waiting " + HANG_GUARD.toMinutes() + " minutes" : "") + ": " + why);
      }
      cluster.waiting("fl step '" + step + "' (app '" + app + "') waits " + pause.toMillis() + " ms, then " + then
          + ": " + why);
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JointflowException("interrupted while fl step '" + step + "' waited for a state store", e);
      }
      pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    }
  }

  private Wire.Result result(String app, GatewayClient.RemoteRun r, boolean mustSucceed) {
    if (r.status() != RunStatus.SUCCEEDED || r.result() == null) {
      if (mustSucceed) {
        throw new JointflowException("fl agent operation '" + r.runId() + "' (app '" + app + "') " + r.status() + ": "
            + r.failure());
      }
      return Wire.Result.of("lost", List.of());
    }
    if (Wire.isResult(r.result())) {
      return Wire.result(r.result(), setup);
    }
    return Wire.Result.of(new String(r.result(), StandardCharsets.UTF_8), List.of());
  }

  @Override
  public long spanEgress() {
    countAll();
    return spanEgress;
  }

  @Override
  public double spanCost() {
    countAll();
    return spanCost;
  }

  @Override
  public void close() {
    spanReader.shutdownNow();
  }
}
