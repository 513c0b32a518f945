package io.jointflow.core;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run started or looked up through {@link Jointflow}. Thread safe; cheap to create.
 */
public final class RunHandle {
  /**
   * How often {@link #await} reads the store for a run another host may finish: first after
   * {@code FIRST_POLL_MILLIS}, each wait a quarter longer than the last up to {@code POLL_MILLIS},
   * so a short run finished elsewhere (on a cluster's worker, awaited by its gateway) is seen
   * within a quarter of its own time (some 20 reads in its first second), and a long one costs a
   * read per 200 ms.
   */
  private static final long POLL_MILLIS = 200;

  private static final long FIRST_POLL_MILLIS = 2;

  private final Host host;
  private final String runId;
  /** The run's state on this host when the handle was made, so that it outlives lookups. */
  private final RunState state;

  RunHandle(Host host, String runId) {
    this.host = host;
    this.runId = runId;
    this.state = host.runs().get(runId);
  }

  /** The run id. */
  public String runId() {
    return runId;
  }

  /** The current status (cheap; no summary). */
  public RunStatus status() {
    if (state != null && !state.app().exactlyOnce()) {
      return state.status();
    }
    return host.lifecycle().status(runId);
  }

  /** A snapshot with the result, the failure reason and the per-function summary. */
  public RunInfo info() {
    if (state != null && !state.app().exactlyOnce()) {
      return host.lifecycle().snapshot(state);
    }
    return host.lifecycle().info(runId);
  }

  /** Instances completed and running on this host so far, for progress reports. */
  public Progress progress() {
    RunState r = state != null ? state : host.runs().get(runId);
    return r == null ? new Progress(0, 0) : new Progress(r.completed(), r.running());
  }

  /**
   * What the run's triggers are waiting for: those that hold some objects but not enough to fire
   * (e.g. "trigger 'gather' on bucket 'counts' (by-batch-size) holds 3 of the 4 objects a batch
   * needs"), global ones whose incomplete round holds this run's objects, and by-name (or by-set)
   * triggers whose key never came while other objects of their bucket did. Exact except for
   * by-name in ephemeral mode, which records no keys: there a trigger is listed when its target
   * never ran while a function that emits into its bucket did. Useful when a run makes no progress;
   * reads the trigger state and, in exactly-once mode, the run's output checkpoints, so not for
   * polling.
   */
  public java.util.List<String> waitingOn() {
    RunInfo info = info();
    AppRuntime app = host.app(info.app());
    if (app == null || info.status().terminal()) {
      return java.util.List.of();
    }
    return Waiting.describe(app, t -> host.store(app, t), host::scanAll, runId,
        state != null ? state : host.runs().get(runId));
  }

  /**
   * Waits until the run is no longer running or {@code timeout} passed, and returns its snapshot
   * (still {@link RunStatus#RUNNING} on timeout).
   */
  public RunInfo await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double poll = FIRST_POLL_MILLIS;
    while (true) {
      RunState r = state != null ? state : host.runs().get(runId);
      if (status().terminal()) {
        return info();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return info();
      }
      long wait = Math.min(left, (long) (poll * 1_000_000));
      poll = Math.min(POLL_MILLIS, poll * 1.25);
      try {
        if (r != null) {
          r.done().get(wait, TimeUnit.NANOSECONDS);
        } else {
          Thread.sleep(Duration.ofNanos(wait));
        }
      } catch (TimeoutException | ExecutionException e) {
        // poll the store again: another host may have finished the run
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return info();
      }
    }
  }

  /** Waits without a time limit. */
  public RunInfo await() {
    return await(Duration.ofDays(365));
  }

  /**
   * What each instance of this exactly-once run did: cloud, times, cold start, billed duration,
   * bytes and cost; the run's cost and makespan come from these. Empty for an ephemeral run.
   */
  public java.util.List<Span> spans() {
    return host.lifecycle().spans(runId);
  }

  /** Cancels the run; its records are kept and it can be resumed. */
  public void cancel() {
    host.lifecycle().cancel(runId);
  }

  /**
   * Progress of a run on this host.
   *
   * @param completed instances completed
   * @param running instances executing now
   */
  public record Progress(long completed, int running) {}

  @Override
  public String toString() {
    return "RunHandle[" + runId + "]";
  }
}
