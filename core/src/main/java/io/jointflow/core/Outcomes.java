package io.jointflow.core;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How runs end on a host: success (with the writes that record it, or as part of the result step's
 * batch), failure, the release of a finished run's memory, and read-modify-writes of run records.
 */
final class Outcomes {
  private static final System.Logger LOG = System.getLogger(Outcomes.class.getName());
  /** How long an exactly-once run's in-memory state outlives it (its records stay in the store). */
  private static final java.time.Duration EXACTLY_ONCE_GRACE = java.time.Duration.ofSeconds(5);
  /** The most finished ephemeral runs remembered. */
  private static final int FINISHED_KEPT = 10_000;
  private final Map<String, RunInfo> finished = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunInfo> eldest) {
          return size() > FINISHED_KEPT;
        }
      });

  private final Host host;

  Outcomes(Host host) {
    this.host = host;
  }


  /**
   * Completes a run with its own writes (a replayed result step, a result step whose run record is in
   * another cloud's store, ephemeral runs). Exactly-once, that is one batch in the run record's store
   * (its collection index entry and its record, succeeded, at the version this host knows), so one
   * round trip when this host knows the record; if the record changed meanwhile (another completion,
   * a cancel, a resume), it is read and the batch repeated while the run is still running.
   */
  void completeRun(RunState run, byte[] result) {
    long now = host.env().currentTimeMillis();
    if (run.app().exactlyOnce()) {
      StateStore store = runStore(run.app());
      boolean index = true;
      List<WriteOp> ops = completionOps(run, result, now);
      while (!ops.isEmpty()) {
        BatchOutcome b = store.writeBatch(ops);
        if (b.committed()) {
          break;
        }
        // The index entry is there already (a completion at the same millisecond that did not
        // change the record: one written before both went in one batch): it needs no writing.
        index &= !(ops.get(b.failedIndex()) instanceof WriteOp.PutIfAbsent);
        ops = completion(run, store.get(Keys.run(run.runId())).orElse(null), result, now, index);
      }
    }
    finishSucceeded(run, result, now);
  }

  /**
   * The writes that complete an exactly-once run, for one batch (the result step's, or its own): its
   * collection index entry and its run record, succeeded, with a compare-and-set at the version this
   * host knows (else at the version read now), so that of several completions exactly one wins and a
   * result, once recorded, is never overwritten; none if the run record is gone or no longer running
   * (a cancelled run stays cancelled).
   */
  List<WriteOp> completionOps(RunState run, byte[] result, long now) {
    RunState.Recorded known = run.recorded();
    if (known != null && RunStatus.RUNNING.name().equals(known.record().status())) {
      return completion(run, known.version(), known.record(), result, now, true);
    }
    return completion(run, runStore(run.app()).get(Keys.run(run.runId())).orElse(null), result, now, true);
  }

  private List<WriteOp> completion(RunState run, Versioned stored, byte[] result, long now, boolean index) {
    return stored == null ? List.of()
        : completion(run, stored.version(), Json.read(stored.value(), Records.RunRecord.class), result, now, index);
  }

  private List<WriteOp> completion(RunState run, long version, Records.RunRecord rec, byte[] result, long now,
      boolean index) {
    if (!RunStatus.RUNNING.name().equals(rec.status())) {
      return List.of();
    }
    long due = now + host.options().retention().toMillis();
    WriteOp record = WriteOp.compareAndSet(Keys.run(run.runId()), version,
        Json.write(rec.withStatus(RunStatus.SUCCEEDED.name(), now, result, null, due)));
    return index
        ? List.of(WriteOp.putIfAbsent(Keys.gc(due, run.runId()),
            run.app().name().getBytes(java.nio.charset.StandardCharsets.UTF_8)), record)
        : List.of(record);
  }

  /** A run's success in this host's memory, once recorded; then its remaining pending records go. */
  void finishSucceeded(RunState run, byte[] result, long now) {
    if (run.app().exactlyOnce()) {
      host.cleanup().deletePendingOfRun(run.app().name(), run.runId());
    }
    if (run.finish(RunStatus.SUCCEEDED, result, null, now)) {
      afterEnd(run);
    }
  }

  /** Fails a run; the failing instance's pending record is kept (marked failed) for resume. */
  void failRun(RunState run, Envelope env, String reason) {
    long now = this.host.env().currentTimeMillis();
    if (run.app().exactlyOnce()) {
      if (env != null) {
        String key = Keys.pending(env.app(), env.runId(), env.instanceId());
        update(host.topology().stateOf(env.origin()), key, v -> Json.write(Json.read(v, Records.PendingRecord.class).failed(reason)));
      }
      updateRun(run.app(), run.runId(), rec -> RunStatus.RUNNING.name().equals(rec.status())
          ? rec.withStatus(RunStatus.FAILED.name(), now, null, reason, 0)
          : null);
    }
    if (run.finish(RunStatus.FAILED, null, reason, now)) {
      LOG.log(Level.WARNING, "run {0} of app ''{1}'' failed: {2}", run.runId(), run.app().name(), reason);
      afterEnd(run);
    }
  }

  /**
   * Called when a run ends. An ephemeral run's trigger state is dropped at once; its remaining
   * in-memory state goes when its last dispatched instance has executed ({@link #release}),
   * unless its app has global triggers, whose later firings may still need the run's live
   * objects: those keep them for the ephemeral grace period. An exactly-once run is in the store;
   * its in-memory state goes after a few seconds.
   */
  void afterEnd(RunState run) {
    AppRuntime app = run.app();
    if (!app.exactlyOnce()) {
      host.ephemeralStore().deletePrefix(Keys.runData(app.name(), run.runId()));
      if (!app.hasGlobalTriggers()) {
        if (run.outstanding() <= 0) {
          release(run);
        }
        return;
      }
    }
    java.time.Duration grace = app.exactlyOnce() ? EXACTLY_ONCE_GRACE : host.options().ephemeralGrace();
    host.schedule(grace, () -> {
      if (run.status().terminal()) {
        if (!app.exactlyOnce()) {
          finished.put(run.runId(), host.lifecycle().snapshot(run));
        }
        host.runs().remove(run.runId(), run);
        if (!app.exactlyOnce()) {
          host.ephemeralStore().deletePrefix(Keys.runData(app.name(), run.runId()));
          host.ephemeralStore().deletePrefix(Keys.timersOfRun(app.name(), run.runId()));
        }
      }
    });
  }

  /**
   * Replaces a finished ephemeral run (without global triggers) by a compact snapshot, once
   * nothing of it is left to execute. Idempotent; other runs are released by their grace timer.
   */
  void release(RunState run) {
    AppRuntime app = run.app();
    if (app.exactlyOnce() || app.hasGlobalTriggers() || !run.status().terminal()) {
      return;
    }
    if (host.runs().get(run.runId()) == run) {
      finished.put(run.runId(), host.lifecycle().snapshot(run)); // first, so that lookups always find it
      if (host.runs().remove(run.runId(), run)) {
        host.ephemeralStore().deletePrefix(Keys.runData(app.name(), run.runId()));
      }
    }
  }

  /** Snapshots of finished ephemeral runs, most recent last. */
  Map<String, RunInfo> finished() {
    return finished;
  }

  /** The store of an app's run records: its entry function's home cloud. */
  StateStore runStore(AppRuntime app) {
    return host.topology().runHome(app).state();
  }

  /** Read-modify-write of the run record; {@code change} returns null to leave it. */
  void updateRun(AppRuntime app, String runId, UnaryOperator<Records.RunRecord> change) {
    updateRun(runStore(app), runId, change);
  }

  /** Read-modify-write of the run record in {@code store}; {@code change} returns null to leave it. */
  void updateRun(StateStore store, String runId, UnaryOperator<Records.RunRecord> change) {
    update(store, Keys.run(runId), v -> {
      Records.RunRecord next = change.apply(Json.read(v, Records.RunRecord.class));
      return next == null ? null : Json.write(next);
    });
  }

  private static void update(StateStore store, String key, UnaryOperator<byte[]> change) {
    while (true) {
      Optional<Versioned> cur = store.get(key);
      if (cur.isEmpty()) {
        return;
      }
      byte[] next = change.apply(cur.get().value());
      if (next == null || store.compareAndSet(key, cur.get().version(), next)) {
        return;
      }
    }
  }
}
