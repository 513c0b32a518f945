package io.jointflow.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this host holds in memory about a run: its status, the live objects that stateful triggers
 * still reference (zero-copy hand-off), counters for progress and the per-function summary.
 */
final class RunState {
  private final AppRuntime app;
  private final String runId;
  private final long startedAt;
  private final Map<String, LiveObj> objects = new ConcurrentHashMap<>();
  private final Map<String, Stats> stats = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final LongAdder completed = new LongAdder();
  private volatile CompletableFuture<RunStatus> done = new CompletableFuture<>();
  private volatile List<FunctionSummary> finalSummary;
  private RunStatus status = RunStatus.RUNNING;
  private byte[] result;
  private String failure;
  private long endedAt;
  private volatile Recorded recorded;

  /**
   * The run record as this host wrote or read it, with its version: completing the run writes over
   * it with a compare-and-set at that version, without reading it first. A stale one fails that
   * condition and costs a read.
   */
  record Recorded(long version, Records.RunRecord record) {}

  RunState(AppRuntime app, String runId, long startedAt) {
    this.app = app;
    this.runId = runId;
    this.startedAt = startedAt;
  }

  AppRuntime app() {
    return app;
  }

  String runId() {
    return runId;
  }

  long startedAt() {
    return startedAt;
  }

  synchronized RunStatus status() {
    return status;
  }

  synchronized byte[] result() {
    return result;
  }

  synchronized String failure() {
    return failure;
  }

  synchronized long endedAt() {
    return endedAt;
  }

  /** Moves a running run to a terminal status; false if it already was terminal. */
  boolean finish(RunStatus to, byte[] newResult, String newFailure, long now) {
    CompletableFuture<RunStatus> f;
    synchronized (this) {
      if (status != RunStatus.RUNNING) {
        return false;
      }
      status = to;
      result = newResult;
      failure = newFailure;
      endedAt = now;
      f = done;
    }
    f.complete(to);
    return true;
  }

  /** Adopts a status learned from the store (another host finished the run). */
  void adopt(RunStatus to, byte[] newResult, String newFailure, long ended) {
    if (to.terminal()) {
      finish(to, newResult, newFailure, ended);
    }
  }

  /** The summary of the finished run, computed once (it reads every output checkpoint). */
  List<FunctionSummary> finalSummary(java.util.function.Supplier<List<FunctionSummary>> compute) {
    List<FunctionSummary> s = finalSummary;
    if (s == null) {
      s = List.copyOf(compute.get());
      finalSummary = s;
    }
    return s;
  }

  /** The run record as this host last wrote or read it, or null. */
  Recorded recorded() {
    return recorded;
  }

  /** Remembers the run record at {@code version}, as this host wrote or read it. */
  void recorded(long version, Records.RunRecord record) {
    recorded = new Recorded(version, record);
  }

  /** Makes a terminal run running again (resume); the record it had is no longer the stored one. */
  synchronized void reopen() {
    recorded = null;
    finalSummary = null;
    status = RunStatus.RUNNING;
    failure = null;
    result = null;
    endedAt = 0;
    if (done.isDone()) {
      done = new CompletableFuture<>();
    }
  }

  CompletableFuture<RunStatus> done() {
    return done;
  }

  /** Live objects referenced by stateful triggers, by object id. */
  Map<String, LiveObj> objects() {
    return objects;
  }

  /** An invocation of this run was handed to a backend. */
  void dispatched() {
    outstanding.incrementAndGet();
  }

  /** An invocation of this run finished executing; true if none is left outstanding. */
  boolean executed() {
    return outstanding.decrementAndGet() <= 0;
  }

  /** Invocations dispatched and not yet executed. */
  int outstanding() {
    return outstanding.get();
  }

  void started() {
    running.incrementAndGet();
  }

  /** Counts a completed instance; called before its successors are dispatched. */
  void completed(String function, long nanos, long bytesIn, long bytesOut) {
    completed.increment();
    Stats s = stats.computeIfAbsent(function, f -> new Stats());
    s.instances.increment();
    s.nanos.add(nanos);
    s.bytesIn.add(bytesIn);
    s.bytesOut.add(bytesOut);
  }

  void ended() {
    running.decrementAndGet();
  }

  int running() {
    return running.get();
  }

  long completed() {
    return completed.sum();
  }

  /** In-memory per-function summary, in the app's function order. */
  List<FunctionSummary> summary() {
    List<FunctionSummary> out = new ArrayList<>();
    for (String f : app.app().functions().keySet()) {
      Stats s = stats.get(f);
      if (s != null) {
        out.add(new FunctionSummary(f, s.instances.sum(), Duration.ofNanos(s.nanos.sum()),
            s.bytesIn.sum(), s.bytesOut.sum()));
      }
    }
    return out;
  }

  private static final class Stats {
    final LongAdder instances = new LongAdder();
    final LongAdder nanos = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
  }
}
