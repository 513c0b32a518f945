package io.jointflow.core;

import io.jointflow.spi.Entry;
import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recovery and garbage collection, run by every host (no leader: claims are compare-and-set).
 *
 * <p>Each sweep renews this host's lease and re-invokes pending invocations that are lost: their
 * deadline passed, or the host that owned them let its lease expire (it crashed). Every tenth sweep
 * it also resumes by-time timers of running runs, collects succeeded runs whose retention ended and
 * deletes the run records of collected runs whose history ended.
 */
final class Sweeper {
  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
  private static final int PAGE = 500;
  /** Recoveries beyond max-attempts before a repeatedly lost instance fails its run (crash loops). */
  private static final int LOST_SLACK = 5;

  private final Host host;
  private volatile Environment.Cancellable next;
  private long sweeps;

  Sweeper(Host host) {
    this.host = host;
  }

  void start() {
    schedule(java.time.Duration.ZERO);
  }

  private void schedule(java.time.Duration delay) {
    if (!host.closed()) {
      next = host.schedule(delay, this::runOnce);
    }
  }

  private void runOnce() {
    try {
      sweep();
    } catch (RuntimeException e) {
      if (host.closed()) {
        // The host closed its stores under a sweep already running: nothing is lost (pending
        // records stay for the other hosts' sweepers), so this is not worth a warning.
        LOG.log(Level.DEBUG, "sweep stopped by the host closing", e);
      } else {
        LOG.log(Level.WARNING, "sweep failed; retrying next interval", e);
      }
    }
    schedule(host.options().sweepInterval());
  }

  /**
   * One sweep over the state store of every cloud this host reaches (one when embedded); also
   * called directly by tests and by resume.
   */
  synchronized void sweep() {
    boolean full = sweeps++ % 10 == 0;
    for (StateStore store : host.stateStores()) {
      if (host.closed()) {
        return;
      }
      renewLease(store);
      recoverPending(store);
      if (full) {
        resumeTimers(store);
        collect(store);
      }
    }
  }

  private void renewLease(StateStore store) {
    String key = Keys.host(host.hostId());
    long until = host.env().currentTimeMillis() + host.options().hostLease().toMillis();
    byte[] rec = Json.write(new Records.HostRecord(host.hostId(), until));
    Optional<Versioned> cur = store.get(key);
    if (cur.isEmpty()) {
      store.putIfAbsent(key, rec);
    } else {
      store.compareAndSet(key, cur.get().version(), rec);
    }
  }

  private void recoverPending(StateStore store) {
    long now = host.env().currentTimeMillis();
    Map<String, Boolean> alive = new HashMap<>();
    String after = null;
    while (!host.closed()) {
      List<Entry> page = store.scan(Keys.pendingPrefix(), after, PAGE);
      for (Entry e : page) {
        after = e.key();
        Records.PendingRecord rec;
        try {
          rec = Json.read(e.value().value(), Records.PendingRecord.class);
        } catch (RuntimeException bad) {
          LOG.log(Level.WARNING, "skipping unreadable pending record " + e.key(), bad);
          continue;
        }
        if (!Records.PendingRecord.PENDING.equals(rec.state())) {
          continue;
        }
        boolean mine = host.hostId().equals(rec.owner());
        if (mine && host.inFlight().containsKey(rec.instanceId())) {
          continue;
        }
        boolean ownerDead = !mine && !alive.computeIfAbsent(rec.owner(), o -> hostAlive(store, o, now));
        if (!ownerDead && rec.deadline() > now) {
          continue;
        }
        reclaim(store, e, rec, now);
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  private boolean hostAlive(StateStore store, String hostId, long now) {
    return store.get(Keys.host(hostId))
        .map(v -> Json.read(v.value(), Records.HostRecord.class).leaseUntil() > now)
        .orElse(false);
  }

  private void reclaim(StateStore store, Entry e, Records.PendingRecord rec, long now) {
    AppRuntime app = host.app(rec.app());
    if (app == null) {
      return; // another host runs this app
    }
    RunState run = host.runState(app, rec.runId());
    if (run == null || run.status() == RunStatus.FAILED || run.status() == RunStatus.CANCELLED) {
      return;
    }
    var fn = app.app().functions().get(rec.function());
    if (fn == null) {
      return;
    }
    int attempt = rec.attempt() + 1;
    var claimed = rec.claimed(host.hostId(), attempt, now + fn.timeout().toMillis());
    if (!store.compareAndSet(e.key(), e.value().version(), Json.write(claimed))) {
      return; // another host claimed it first
    }
    if (attempt > fn.maxAttempts() + LOST_SLACK) {
      host.outcomes().failRun(run, claimed.envelope(), "function '" + rec.function() + "' instance " + rec.instanceId()
          + " was lost " + attempt + " times (host crashes or timeouts of " + fn.timeout() + ")");
      return;
    }
    LOG.log(Level.INFO, "recovering instance {0} of ''{1}'' in run {2} (attempt {3}, owner was {4})",
        rec.instanceId(), rec.function(), rec.runId(), attempt, rec.owner());
    host.dispatcher().invoke(claimed.envelope());
  }

  private void resumeTimers(StateStore store) {
    String after = null;
    while (!host.closed()) {
      List<Entry> page = store.scan(Keys.timersPrefix(), after, PAGE);
      for (Entry e : page) {
        after = e.key();
        Records.TimerRecord rec = Json.read(e.value().value(), Records.TimerRecord.class);
        AppRuntime app = host.app(rec.app());
        if (app == null) {
          continue;
        }
        if (!rec.global()) {
          RunState run = host.runState(app, rec.runId());
          if (run == null || run.status().terminal()) {
            continue;
          }
        }
        host.timers().resume(app, rec);
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  /**
   * Collects the succeeded runs whose retention ended, reading only the due part of the index; a
   * collected run is indexed again for the end of its history, when its run record goes too.
   */
  private void collect(StateStore store) {
    long now = host.env().currentTimeMillis();
    while (!host.closed()) {
      List<Entry> page = store.scan(Keys.gcPrefix(), null, PAGE);
      int done = 0;
      for (Entry e : page) {
        String[] parts = e.key().split("/", 3);
        if (Long.parseLong(parts[1]) > now) {
          return; // ordered by due time: nothing later is due either
        }
        String runId = parts[2];
        var rec = store.get(Keys.run(runId)).map(v -> Json.read(v.value(), Records.RunRecord.class));
        if (rec.isPresent() && RunStatus.SUCCEEDED.name().equals(rec.get().status()) && !rec.get().collected()) {
          // The record's own collection is indexed first, so that a crash here leaves it indexed.
          store.putIfAbsent(Keys.gc(now + host.options().history().toMillis(), runId),
              rec.get().app().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          host.cleanup().collect(store, rec.get().app(), runId);
        } else if (rec.isPresent() && RunStatus.RUNNING.name().equals(rec.get().status())) {
          continue; // its completion has not been recorded yet
        } else if (rec.isPresent() && rec.get().collected()) {
          store.delete(Keys.run(runId)); // its history ended
        }
        store.delete(e.key());
        done++;
      }
      if (page.size() < PAGE || done == 0) {
        return;
      }
    }
  }

  void stop() {
    Environment.Cancellable c = next;
    if (c != null) {
      c.cancel();
    }
  }
}
