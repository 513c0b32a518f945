package io.jointflow.core;

import io.jointflow.spi.Envelope;
import java.util.List;

/** The runtime's records in the state store, all stored as JSON. */
final class Records {
  private Records() {}

  /**
   * A run: its status, inputs (kept so a failed run can be resumed) and outcome.
   *
   * @param source where the app definition came from (a file), so that a later process can resume
   */
  record RunRecord(String app, String runId, String status, List<StoredObj> inputs, long startedAt,
      long endedAt, byte[] result, String failure, String mode, String source, long gcAfter,
      boolean collected) {

    RunRecord withStatus(String newStatus, long now, byte[] newResult, String newFailure, long newGcAfter) {
      return new RunRecord(app, runId, newStatus, inputs, startedAt, now, newResult, newFailure, mode,
          source, newGcAfter, collected);
    }

    RunRecord markCollected() {
      return new RunRecord(app, runId, status, inputs, startedAt, endedAt, result, failure, mode,
          source, gcAfter, true);
    }
  }

  /**
   * The output checkpoint of an instance: the objects it emitted and its result, from the one
   * execution whose outputs are forwarded, with that execution's span: the cloud it ran on, when it
   * was queued (invoked), started and ended, its handler time ({@code nanos}), bytes in and out,
   * whether it started cold, its size ({@code memory} bytes), billed duration and what its
   * execution and request cost at its cloud's prices ({@code cost}; 0 without prices), and the
   * state-store operations and bytes sent to other clouds its step caused, with their prices.
   */
  record OutputRecord(String function, int attempt, List<StoredObj> objects, byte[] result,
      long startedAt, long endedAt, long nanos, long bytesIn, long bytesOut, String cloud, long queuedAt,
      boolean coldStart, long memory, long billedNanos, double cost, long storeReads, long storeWrites,
      long egressBytes, double storeCost, double egressCost) {

    /** This record with the step's store operations and cross-cloud bytes, priced at {@code spec}'s prices. */
    OutputRecord withTraffic(io.jointflow.cloud.CloudSpec spec, long writes, long egress) {
      double storeCost = 0;
      double egressCost = 0;
      if (spec != null) {
        var p = spec.prices();
        storeCost = writes * p.perMillionWrites().doubleValue() / 1e6 + storeReads * p.perMillionReads().doubleValue() / 1e6;
        egressCost = egress * p.perGbEgress().doubleValue() / 1e9;
      }
      return new OutputRecord(function, attempt, objects, result, startedAt, endedAt, nanos, bytesIn, bytesOut, cloud,
          queuedAt, coldStart, memory, billedNanos, cost, storeReads, writes, egress, storeCost, egressCost);
    }
  }

  /**
   * The invocation checkpoint of an instance, which doubles as its pending record: written before
   * the instance is invoked, deleted once it has completed, claimed by a sweeper when its deadline
   * passes or its owner died.
   */
  record PendingRecord(String app, String runId, String function, String instanceId, String trigger,
      List<Integer> branch, List<StoredObj> inputs, int attempt, int depth, long deadline,
      String traceId, String owner, String state, String error, String origin) {

    static final String PENDING = "pending";
    static final String FAILED = "failed";

    static PendingRecord of(Envelope e, String owner) {
      return new PendingRecord(e.app(), e.runId(), e.function(), e.instanceId(), e.trigger(),
          e.branch(), e.inputs().stream().map(StoredObj::of).toList(), e.attempt(), e.depth(),
          e.deadlineMillis(), e.traceId(), owner, PENDING, null, e.origin());
    }

    Envelope envelope() {
      return new Envelope(app, runId, function, instanceId, trigger, branch,
          inputs.stream().map(StoredObj::toRef).toList(), attempt, depth, deadline, traceId, null, origin);
    }

    PendingRecord claimed(String newOwner, int newAttempt, long newDeadline) {
      return new PendingRecord(app, runId, function, instanceId, trigger, branch, inputs, newAttempt,
          depth, newDeadline, traceId, newOwner, PENDING, null, origin);
    }

    PendingRecord failed(String reason) {
      return new PendingRecord(app, runId, function, instanceId, trigger, branch, inputs, attempt,
          depth, deadline, traceId, owner, FAILED, reason, origin);
    }
  }

  /** A host's liveness lease. */
  record HostRecord(String hostId, long leaseUntil) {}

  /**
   * The cursor of a by-time trigger: windows fired so far and the set position up to which objects
   * were consumed; the last firing is kept so that a crash between advancing and dispatching it is
   * repaired on the next tick.
   */
  record TimerRecord(String app, String runId, String bucket, String trigger, boolean global,
      long seq, long position, long lastFrom, long lastTo, String lastInstance, String lastRunId) {}
}
