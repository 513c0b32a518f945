package io.jointflow.core;

import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.Environment;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real timers for by-time triggers (unlike Pheromone, an idle bucket still fires). Each window the
 * timer takes the objects that arrived since the cursor and fires once if there are any. The cursor
 * is advanced with compare-and-set, so when several hosts tick the same trigger exactly one fires a
 * window; the cursor remembers its last firing, and a tick re-dispatches it if a crash lost it
 * between advancing and recording.
 */
final class Timers {
  private static final System.Logger LOG = System.getLogger(Timers.class.getName());
  /** Most objects one window delivers; the rest go to the next window. */
  private static final int MAX_WINDOW = 100_000;

  private final Host host;
  private final Map<String, Environment.Cancellable> scheduled = new ConcurrentHashMap<>();

  Timers(Host host) {
    this.host = host;
  }

  /** Makes sure the trigger's timer runs on this host (called on every arrival; cheap when it does). */
  void ensure(AppRuntime app, TriggerSpec t, String runId) {
    boolean global = t.scope() == Scope.GLOBAL;
    String key = Keys.timer(app.name(), global ? Keys.GLOBAL : runId, t.bucket(), t.name());
    if (scheduled.containsKey(key)) {
      return;
    }
    host.store(app, t).putIfAbsent(key, Json.write(new Records.TimerRecord(app.name(), global ? null : runId,
        t.bucket(), t.name(), global, 0, 0, 0, 0, null, null)));
    schedule(app, t, key, runId);
  }

  /** Resumes the timer of a stored cursor (after a restart or for a run another host started). */
  void resume(AppRuntime app, Records.TimerRecord rec) {
    TriggerSpec t = app.app().bucket(rec.bucket()).triggers().stream()
        .filter(x -> x.name().equals(rec.trigger())).findFirst().orElse(null);
    if (t != null) {
      String key = Keys.timer(app.name(), rec.global() ? Keys.GLOBAL : rec.runId(), rec.bucket(), rec.trigger());
      if (!scheduled.containsKey(key)) {
        schedule(app, t, key, rec.runId());
      }
    }
  }

  private void schedule(AppRuntime app, TriggerSpec t, String key, String runId) {
    Duration window = ((Trigger.ByTime) t.type()).window();
    Environment.Cancellable c = host.schedule(window, () -> tick(app, t, key, runId));
    if (scheduled.putIfAbsent(key, c) != null) {
      c.cancel();
    }
  }

  private void tick(AppRuntime app, TriggerSpec t, String key, String runId) {
    scheduled.remove(key);
    boolean global = t.scope() == Scope.GLOBAL;
    RunState run = global ? null : host.runState(app, runId);
    if (!global && (run == null || run.status().terminal())) {
      return; // the run is over: its timer stops
    }
    if (host.closed()) {
      return;
    }
    try {
      advance(app, t, key, global ? null : runId);
    } catch (TerminalException e) {
      if (run != null) {
        host.outcomes().failRun(run, null, "by-time trigger '" + t.name() + "' on bucket '" + t.bucket() + "': " + e.getMessage());
        return;
      }
      LOG.log(Level.ERROR, "by-time trigger ''{0}'': {1}", t.name(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "by-time trigger '" + t.name() + "' tick failed; retrying next window", e);
    }
    schedule(app, t, key, runId);
  }

  private void advance(AppRuntime app, TriggerSpec t, String key, String runId) {
    StateStore store = host.store(app, t);
    Optional<Versioned> cur = store.get(key);
    if (cur.isEmpty()) {
      return;
    }
    Records.TimerRecord rec = Json.read(cur.get().value(), Records.TimerRecord.class);
    String set = Keys.triggerState(app.name(), runId, t.bucket(), t.name(), runId == null);
    if (rec.lastInstance() != null && app.exactlyOnce()
        && store.get(Keys.pending(app.name(), rec.lastRunId(), rec.lastInstance())).isEmpty()
        && store.get(Keys.output(app.name(), rec.lastRunId(), rec.lastInstance())).isEmpty()) {
      List<SetMember> lost = store.members(set, rec.lastFrom(), (int) (rec.lastTo() - rec.lastFrom()));
      host.dispatcher().dispatch(app, host.triggers().window(app, t, runId, lost, rec.seq()));
    }
    List<SetMember> members = store.members(set, rec.position(), MAX_WINDOW);
    if (members.isEmpty()) {
      return;
    }
    long to = members.get(members.size() - 1).position() + 1;
    Firing f = host.triggers().window(app, t, runId, members, rec.seq() + 1);
    var next = new Records.TimerRecord(rec.app(), rec.runId(), rec.bucket(), rec.trigger(), rec.global(),
        rec.seq() + 1, to, rec.position(), to, f.instanceId(), f.runId());
    if (store.compareAndSet(key, cur.get().version(), Json.write(next))) {
      host.dispatcher().dispatch(app, f);
      host.trims().window(app, t, rec.position(), to);
    }
  }

  void close() {
    scheduled.values().forEach(Environment.Cancellable::cancel);
    scheduled.clear();
  }
}
