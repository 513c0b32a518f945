package io.jointflow.core;

import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trims the state of global triggers after their rounds fire, so that an app that runs for months
 * keeps bounded state: set members of fired rounds are removed, and so are a round's bookkeeping
 * sets and claims.
 *
 * <p>Set adds are idempotent only while a member is present: a replayed producer would add a
 * trimmed object again, at a new position. Replays come only from producers whose pending record
 * still exists (a step deletes its own in its last batch; a replay without it does nothing), so in
 * exactly-once apps a member is removed only once its producer's pending record is gone; members
 * whose producers are still in flight are kept in the trim record's leftovers and retried by later
 * passes. Ephemeral apps (at-least-once) remove at once.
 *
 * <p>A pass runs off the critical path after a firing was recorded, one at a time per trigger on
 * this host; passes of several hosts agree through the trim record, which each pass advances with
 * compare-and-set in the same batch as its removals.
 */
final class Trims {
  private static final System.Logger LOG = System.getLogger(Trims.class.getName());

  /**
   * Progress of a trigger's trimming: rounds before {@code next} are done but for {@code
   * leftovers}; dynamic-join also keeps where round {@code next}'s branches start.
   */
  record TrimRecord(long next, long start, List<Leftover> leftovers) {
    static final TrimRecord EMPTY = new TrimRecord(0, 0, List.of());
  }

  /** A member kept because its producer was in flight: removed once {@code pending} is gone. */
  record Leftover(String set, String member, String pending) {}

  /** Coalesces requests per trigger: one pass at a time, up to the highest round asked for. */
  private static final class Pass {
    private long requested = -1;
    private boolean running;

    synchronized boolean request(long round) {
      requested = Math.max(requested, round);
      if (running) {
        return false;
      }
      running = true;
      return true;
    }

    synchronized long target() {
      return requested;
    }

    synchronized boolean finish(long done) {
      if (requested > done) {
        return false;
      }
      running = false;
      return true;
    }
  }

  private final Host host;
  private final Map<String, Pass> passes = new ConcurrentHashMap<>();

  Trims(Host host) {
    this.host = host;
  }

  static String recordKey(String stateKey) {
    return stateKey + "/trim";
  }

  static TrimRecord read(StateStore store, String stateKey) {
    return store.get(recordKey(stateKey)).map(v -> Json.read(v.value(), TrimRecord.class)).orElse(TrimRecord.EMPTY);
  }

  /** A global firing was recorded: trim its trigger's state up to its round, off the critical path. */
  void fired(AppRuntime app, Firing f) {
    TriggerSpec t = f.trigger();
    if (f.round() < 0 || t.scope() != Scope.GLOBAL || t.type() instanceof Trigger.ByTime) {
      return;
    }
    String key = Keys.triggerState(app.name(), null, t.bucket(), t.name(), true);
    Pass pass = passes.computeIfAbsent(key, k -> new Pass());
    if (pass.request(f.round())) {
      host.offCriticalPath(() -> drain(app, t, key, pass));
    }
  }

  private void drain(AppRuntime app, TriggerSpec t, String key, Pass pass) {
    long round;
    do {
      round = pass.target();
      try {
        trim(app, t, key, round, null);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "trimming trigger '" + t.name() + "' failed; the next firing retries", e);
      }
    } while (!pass.finish(round));
  }

  /** A by-time window consumed positions [from, to) of a global trigger's set. */
  void window(AppRuntime app, TriggerSpec t, long from, long to) {
    if (t.scope() != Scope.GLOBAL) {
      return;
    }
    String key = Keys.triggerState(app.name(), null, t.bucket(), t.name(), true);
    try {
      trim(app, t, key, -1, new long[] {from, to});
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "trimming trigger '" + t.name() + "' failed; the next window retries", e);
    }
  }

  /** What one pass removes and keeps. */
  private final class Plan {
    final AppRuntime app;
    final StateStore store;
    final Set<String> inFlight;
    final Map<String, List<String>> removals = new LinkedHashMap<>();
    final List<String> deletes = new ArrayList<>();
    final List<Leftover> leftovers = new ArrayList<>();

    Plan(AppRuntime app, TriggerSpec t) {
      this.app = app;
      this.store = host.store(app, t);
      this.inFlight = app.exactlyOnce() ? inFlight(app) : Set.of();
    }

    /** Removes {@code m} from {@code set} if its producer is done, else keeps it for later. */
    void member(String set, SetMember m) {
      String pending = app.exactlyOnce() ? pendingOf(m) : null;
      if (pending == null || !inFlight.contains(pending)) {
        removals.computeIfAbsent(set, k -> new ArrayList<>()).add(m.member());
      } else {
        leftovers.add(new Leftover(set, m.member(), pending));
      }
    }

    void members(String set, List<SetMember> ms) {
      ms.forEach(m -> member(set, m));
    }

    /** Removes a bookkeeping set's members outright (they name keys, not objects). */
    void clear(String set, List<String> members) {
      removals.computeIfAbsent(set, k -> new ArrayList<>()).addAll(members);
    }

    String pendingOf(SetMember m) {
      StoredObj o = Json.read(m.value(), StoredObj.class);
      return Keys.pending(app.name(), o.runId(), o.producer());
    }
  }

  /** Pending records of the app's instances (done steps have none). */
  private Set<String> inFlight(AppRuntime app) {
    Set<String> out = new HashSet<>();
    for (Entry e : host.scanAll(Keys.pendingPrefix() + app.name() + "/")) {
      out.add(e.key());
    }
    return out;
  }

  private void trim(AppRuntime app, TriggerSpec t, String key, long round, long[] window) {
    Plan plan = new Plan(app, t);
    Optional<Versioned> cur = plan.store.get(recordKey(key));
    TrimRecord rec = cur.map(v -> Json.read(v.value(), TrimRecord.class)).orElse(TrimRecord.EMPTY);
    for (Leftover l : rec.leftovers()) {
      if (plan.inFlight.contains(l.pending())) {
        plan.leftovers.add(l);
      } else {
        plan.removals.computeIfAbsent(l.set(), k -> new ArrayList<>()).add(l.member());
      }
    }
    long next = rec.next();
    long start = rec.start();
    if (window != null) {
      plan.members(key, plan.store.members(key, window[0], (int) (window[1] - window[0])));
    } else {
      switch (t.type()) {
        case Trigger.ByBatchSize b -> next = rounds(plan, key, next, round, b.size());
        case Trigger.Redundant r -> next = rounds(plan, key, next, round - 1, r.n());
        case Trigger.BySet s -> next = keyedRounds(plan, key, next, round, s.keys(), false);
        case Trigger.DynamicGroup g -> next = keyedRounds(plan, key, next, round, g.controlKeys(), true);
        case Trigger.DynamicJoin j -> {
          long[] at = joins(plan, t, key, next, start);
          next = at[0];
          start = at[1];
        }
        default -> { }
      }
    }
    if (next == rec.next() && plan.removals.isEmpty() && plan.deletes.isEmpty()
        && plan.leftovers.size() == rec.leftovers().size()) {
      return;
    }
    List<WriteOp> ops = new ArrayList<>();
    plan.removals.forEach((set, members) -> ops.add(WriteOp.removeFromSet(set, members)));
    plan.deletes.forEach(k -> ops.add(WriteOp.delete(k)));
    int max = plan.store.maxBatchSize() - 1;
    while (ops.size() > max) {
      // Removals are idempotent: a pass that dies between these batches is simply repeated.
      plan.store.writeBatch(new ArrayList<>(ops.subList(0, max)));
      ops.subList(0, max).clear();
    }
    ops.add(WriteOp.compareAndSet(recordKey(key), cur.map(Versioned::version).orElse(0L),
        Json.write(new TrimRecord(next, start, plan.leftovers))));
    plan.store.writeBatch(ops); // a failed compare-and-set: another host trimmed meanwhile
  }

  /** Rounds of {@code n} positions of one set (by-batch-size, redundant), from {@code next} to {@code last}. */
  private static long rounds(Plan plan, String set, long next, long last, int n) {
    for (long r = next; r <= last; r++) {
      for (SetMember m : plan.store.members(set, r * n, n)) {
        if (m.position() < (r + 1) * n) {
          plan.member(set, m);
        }
      }
    }
    return Math.max(next, last + 1);
  }

  /**
   * Rounds of keyed sets (by-set, dynamic-group): round r took position r of each key's set, and
   * its bookkeeping set {@code r/ROUND}; dynamic-group also the data of its control objects' producers.
   */
  private long keyedRounds(Plan plan, String key, long next, long last, List<String> keys, boolean groupData) {
    for (long r = next; r <= last; r++) {
      for (String k : keys) {
        for (SetMember m : plan.store.members(key + "/k/" + k, r, 1)) {
          if (m.position() != r) {
            continue;
          }
          plan.member(key + "/k/" + k, m);
          String producer = groupData ? producerOf(plan, m) : null;
          if (producer != null) {
            String data = key + "/p/" + producer;
            plan.members(data, plan.store.members(data, 0, Integer.MAX_VALUE));
          }
        }
      }
      plan.clear(key + "/r/" + r, keys);
    }
    return Math.max(next, last + 1);
  }

  private String producerOf(Plan plan, SetMember m) {
    if (m.value().length > 0) {
      return Json.read(m.value(), StoredObj.class).producer();
    }
    String id = m.member();
    LiveObj live = host.liveObjects(id.substring(0, id.indexOf('/'))).get(id);
    return live == null ? null : live.producer();
  }

  /**
   * Dynamic-join rounds fire in any order but are trimmed in order: from {@code next}, while round
   * {@code next} has fired (its claim exists), its control and branches go and the base moves on.
   *
   * @return the new next round and where its branches start
   */
  private long[] joins(Plan plan, TriggerSpec t, String key, long next, long start) {
    while (true) {
      String claim = key + "/claim/" + next;
      List<SetMember> control = plan.store.members(key + "/c", next, 1);
      if (control.isEmpty() || control.get(0).position() != next || plan.store.get(claim).isEmpty()) {
        return new long[] {next, start};
      }
      int width = host.triggers().joinWidth(plan.app, t, control.get(0));
      plan.member(key + "/c", control.get(0));
      plan.members(key + "/b", plan.store.members(key + "/b", start, width));
      plan.deletes.add(claim);
      next++;
      start += width;
    }
  }
}
