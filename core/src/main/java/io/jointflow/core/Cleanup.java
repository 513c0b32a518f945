package io.jointflow.core;

import io.jointflow.spi.StateStore;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * Deletes what finished work leaves behind, off the critical path: the pending records of finished
 * steps (queued and deleted many per batch, per store), those a finished run still has, and a
 * collected run's objects and records in every cloud (Jointλ's GC functions).
 */
final class Cleanup {
  private static final System.Logger LOG = System.getLogger(Cleanup.class.getName());

  private final Host host;
  /** Pending records of finished steps, with their stores, deleted in batches ({@link #deleteLater}). */
  private final java.util.Queue<Map.Entry<StateStore, String>> toDelete = new java.util.concurrent.ConcurrentLinkedQueue<>();
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
        for (StateStore store : host.stateStores()) {
          store.deletePrefix(Keys.pendingOfRun(app, runId));
        }
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
  void deleteLater(StateStore store, String pendingKey) {
    toDelete.add(Map.entry(store, pendingKey));
    if (deleting.compareAndSet(false, true)) {
      host.offCriticalPath(this::deleteQueued);
    }
  }

  /**
   * Deletes the queued pending records now, on the calling thread: a FaaS instance may be frozen
   * once its invocation returns. A failure is left to the sweeper, as ever.
   */
  void flush() {
    try {
      drain();
    } catch (RuntimeException ex) {
      LOG.log(Level.DEBUG, "pending records of finished steps not deleted; the sweeper will", ex);
    }
  }

  /** Deletes the queued pending records, as many per batch as the store takes (a wide fan-in queues thousands). */
  private void deleteQueued() {
    try {
      drain();
    } catch (RuntimeException ex) {
      LOG.log(Level.DEBUG, "pending records of finished steps not deleted; the sweeper will", ex);
    } finally {
      deleting.set(false);
      if (!toDelete.isEmpty() && deleting.compareAndSet(false, true)) {
        host.offCriticalPath(this::deleteQueued);
      }
    }
  }

  private void drain() {
    while (true) {
      Map<StateStore, java.util.Set<String>> byStore = new java.util.LinkedHashMap<>();
      Map.Entry<StateStore, String> k;
      for (int n = 0; n < 1000 && (k = toDelete.poll()) != null; n++) {
        byStore.computeIfAbsent(k.getKey(), s -> new java.util.LinkedHashSet<>()).add(k.getValue());
      }
      if (byStore.isEmpty()) {
        break;
      }
      byStore.forEach((store, keys) -> {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += store.maxBatchSize()) {
          store.writeBatch(all.subList(from, Math.min(all.size(), from + store.maxBatchSize())).stream()
              .map(io.jointflow.spi.WriteOp::delete).toList());
        }
      });
    }
  }

  /** Deletes a run's objects and records; its run record keeps the outcome until its history ends. */
  void collect(StateStore runStore, String app, String runId) {
    for (StateStore store : host.stateStores()) {
      store.deletePrefix(Keys.runData(app, runId));
      store.deletePrefix(Keys.pendingOfRun(app, runId));
      store.deletePrefix(Keys.timersOfRun(app, runId));
    }
    host.topology().all().stream().map(Topology.Cloud::blobs).distinct()
        .forEach(b -> b.deletePrefix(Keys.blobsOfRun(app, runId)));
    host.outcomes().updateRun(runStore, runId, rec -> rec.collected() ? null : rec.markCollected());
    LOG.log(Level.DEBUG, "collected run {0} of app ''{1}''", runId, app);
  }
}
