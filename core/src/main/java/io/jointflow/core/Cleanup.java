package io.jointflow.core;

import java.lang.System.Logger.Level;

/**
 * Deletes what finished work leaves behind, off the critical path: the pending records of finished
 * steps (queued and deleted many per batch), those a finished run still has, and a collected run's
 * objects and records.
 */
final class Cleanup {
  private static final System.Logger LOG = System.getLogger(Cleanup.class.getName());

  private final Host host;
  /** Pending records of finished steps, deleted in batches ({@link #deleteLater}). */
  private final java.util.Queue<String> toDelete = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean deleting = new java.util.concurrent.atomic.AtomicBoolean();

  Cleanup(Host host) {
    this.host = host;
  }

  /**
   * Deletes a finished run's pending records with one prefix delete, off the critical path. Steps
   * delete their own in their last batch; this removes what steps that failed over or crashed left.
   */
  void deletePendingOfRun(String app, String runId) {
    Runnable delete = () -> {
      try {
        host.durable().deletePrefix(Keys.pendingOfRun(app, runId));
      } catch (RuntimeException ex) {
        LOG.log(Level.DEBUG, "pending records of run " + runId + " not deleted; collection will", ex);
      }
    };
    host.offCriticalPath(delete);
  }

  /**
   * Deletes the pending record of a step that is done, off the critical path: if it is lost, the
   * sweeper replays the step from its checkpoint once (which changes nothing) and deletes it then.
   */
  void deleteLater(String pendingKey) {
    toDelete.add(pendingKey);
    if (deleting.compareAndSet(false, true)) {
      host.offCriticalPath(this::deleteQueued);
    }
  }

  /** Deletes the queued pending records, as many per batch as the store takes (a wide fan-in queues thousands). */
  private void deleteQueued() {
    try {
      while (true) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        String k;
        while (keys.size() < host.durable().maxBatchSize() && (k = toDelete.poll()) != null) {
          keys.add(k);
        }
        if (keys.isEmpty()) {
          break;
        }
        host.durable().writeBatch(keys.stream().map(io.jointflow.spi.WriteOp::delete).toList());
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.DEBUG, "pending records of finished steps not deleted; the sweeper will", ex);
    } finally {
      deleting.set(false);
      if (!toDelete.isEmpty() && deleting.compareAndSet(false, true)) {
        host.offCriticalPath(this::deleteQueued);
      }
    }
  }

  /** Deletes a run's objects and records; its run record keeps the outcome until its history ends. */
  void collect(String app, String runId) {
    host.durable().deletePrefix(Keys.runData(app, runId));
    host.durable().deletePrefix(Keys.pendingOfRun(app, runId));
    host.durable().deletePrefix(Keys.timersOfRun(app, runId));
    host.blobs().deletePrefix(Keys.blobsOfRun(app, runId));
    host.updateRun(runId, rec -> rec.collected() ? null : rec.markCollected());
    LOG.log(Level.DEBUG, "collected run {0} of app ''{1}''", runId, app);
  }
}
