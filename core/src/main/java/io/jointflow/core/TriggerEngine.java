package io.jointflow.core;

import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.function.TerminalException;
import io.jointflow.spi.ObjRef;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetBatch;
import io.jointflow.spi.SetJoin;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the triggers of a bucket for one arriving object (DESIGN section 2 and 4).
 *
 * <p>Stateful primitives keep their arrivals in ordered sets of the state store. Adding is
 * idempotent (set semantics on the object id) and returns the object's position, and each primitive
 * derives "this arrival completes round r" from positions alone. So of concurrent arrivals exactly
 * one completes a round, and a replayed producer re-derives the same firing, which the target's
 * invocation checkpoint then deduplicates. Where two sets must be consulted (global dynamic-join),
 * candidates claim the round with a put-if-absent and the claimant fires.
 */
final class TriggerEngine {
  private static final byte[] EMPTY = new byte[0];
  /** The seal member of a dynamic-group data set; object ids always contain a '/', so it never clashes. */
  private static final String SEAL = "seal";
  /** Suffix of the plain key that marks a dynamic-group data set as sealed. */
  private static final String SEALED = "/sealed";

  /** What the engine needs from its host. */
  interface Context {
    /** The store of {@code trigger}'s state: where most of its producers run (ephemeral: memory). */
    StateStore store(AppRuntime app, TriggerSpec trigger);

    /** Live objects of a run, for zero-copy hand-off of set members. */
    Map<String, LiveObj> liveObjects(String runId);

    void ensureTimer(AppRuntime app, TriggerSpec trigger, String runId);
  }

  private final Context ctx;
  private final DynamicJoin joins;

  TriggerEngine(Context ctx) {
    this.ctx = ctx;
    this.joins = new DynamicJoin();
  }

  /** Whether arrivals at {@code t} need no state: they fire or not by themselves. */
  static boolean stateless(TriggerSpec t) {
    return t.type() instanceof Trigger.Immediate || t.type() instanceof Trigger.ByName;
  }

  /**
   * Adds an object to a trigger and returns the firings it completes (usually none or one).
   *
   * @throws TerminalException when the data violate the trigger (a duplicate key, a bad control)
   */
  List<Firing> arrive(AppRuntime app, TriggerSpec t, LiveObj o, int depth) {
    if (t.when() != null && !t.when().test(o.key(), o.size(), o.meta())) {
      return List.of();
    }
    // Stateless primitives need no state key: keep the hand-off path free of that allocation.
    Scoped s = new Scoped(app, t, ctx.store(app, t), o.runId(), depth, stateless(t) ? null
        : Keys.triggerState(app.name(), o.runId(), t.bucket(), t.name(), t.scope() == Scope.GLOBAL));
    return switch (t.type()) {
      case Trigger.Immediate i -> List.of(s.fire(List.of(o.localRef()), null, -1));
      case Trigger.ByName n -> n.key().equals(o.key()) ? List.of(s.fire(List.of(o.localRef()), null, -1)) : List.of();
      case Trigger.ByBatchSize b -> {
        // The completing arrival gets the batch with its add: across clouds, one store round trip.
        SetBatch sb = s.addAndReadBatch(s.key, o, b.size());
        long p = sb.add().position();
        yield sb.batch().isEmpty() ? List.of()
            : List.of(s.fire(s.resolve(sb.batch()), "b" + p / b.size(), p / b.size()));
      }
      case Trigger.Redundant r -> {
        long p = s.add(s.key, o).position();
        // A run fires once, on the k-th of its first n arrivals, and drops every later one; global
        // scope has rounds: each n arrivals across runs form one, which fires on its k-th.
        boolean fires = t.scope() == Scope.GLOBAL ? p % r.n() == r.k() - 1 : p == r.k() - 1;
        yield fires
            ? List.of(s.fire(s.resolve(s.store.members(s.key, p - r.k() + 1, r.k())), "r" + p / r.n(), p / r.n()))
            : List.of();
      }
      case Trigger.BySet set -> bySet(s, set, o);
      case Trigger.DynamicJoin j -> joins.arrive(s, j, o);
      case Trigger.DynamicGroup g -> dynamicGroup(s, g, o);
      case Trigger.ByTime bt -> {
        s.add(s.key, o);
        ctx.ensureTimer(app, t, o.runId());
        yield List.of();
      }
    };
  }

  /** The firing of window {@code seq} of a by-time trigger ({@code runId} null for global scope). */
  Firing window(AppRuntime app, TriggerSpec t, String runId, List<SetMember> members, long seq) {
    boolean global = runId == null;
    String last = members.get(members.size() - 1).member();
    String firingRun = global ? last.substring(0, last.indexOf('/')) : runId;
    Scoped s = new Scoped(app, t, ctx.store(app, t), firingRun, 0,
        Keys.triggerState(app.name(), runId, t.bucket(), t.name(), global));
    List<ObjRef> inputs = s.resolve(members);
    String id = InstanceIds.forRound(app.name(), global ? Keys.GLOBAL : runId, t.target(),
        t.bucket() + "/" + t.name(), "w" + seq);
    return new Firing(t, firingRun, id, inputs, Firing.commonBranch(inputs), 1, -1);
  }

  /** The width a global dynamic-join control member announces (for trimming). */
  int joinWidth(AppRuntime app, TriggerSpec t, SetMember control) {
    return joins.width(new Scoped(app, t, ctx.store(app, t), null, 0,
        Keys.triggerState(app.name(), null, t.bucket(), t.name(), true)), control);
  }

  /** Every key of the set arrived: per key a set of its arrivals, per round a set of keys. */
  private List<Firing> bySet(Scoped s, Trigger.BySet set, LiveObj o) {
    if (!set.keys().contains(o.key())) {
      return List.of();
    }
    long round = s.add(s.key + "/k/" + o.key(), o).position();
    long m = s.store.addToSetAndGet(s.key + "/r/" + round, o.key(), EMPTY).position();
    if (m != set.keys().size() - 1) {
      return List.of();
    }
    List<ObjRef> inputs = new ArrayList<>();
    for (String k : set.keys()) {
      inputs.addAll(s.resolve(s.store.members(s.key + "/k/" + k, round, 1)));
    }
    return List.of(s.fire(inputs, "s" + round, round));
  }

  /**
   * Shuffle: data keys group:id; once all control keys arrived, one firing per group. A run takes
   * all its data, a global round the data of its control objects' producers. The firing seals each
   * data set it takes: it marks the set sealed, then adds a seal member, and takes what lies before
   * the seal. A data arrival that finds the mark looks for the seal before its own position; if it
   * is there, its groups fired without it and the run fails rather than lose it silently.
   */
  private List<Firing> dynamicGroup(Scoped s, Trigger.DynamicGroup g, LiveObj o) {
    boolean global = s.trigger.scope() == Scope.GLOBAL;
    if (!g.controlKeys().contains(o.key())) {
      if (o.key().indexOf(':') <= 0) {
        throw new TerminalException("dynamic-group trigger '" + s.trigger.name() + "' on bucket '"
            + s.trigger.bucket() + "' got key '" + o.key() + "': data keys must be 'group:id' and control keys one of "
            + g.controlKeys());
      }
      String set = global ? s.key + "/p/" + o.producer() : s.key + "/data";
      long at = s.add(set, o).position();
      if (s.store.get(global ? producerMark(s, o.runId(), o.producer()) : set + SEALED).isPresent()
          && s.store.members(set, 0, (int) at).stream().anyMatch(m -> m.member().equals(SEAL))) {
        throw lateData(s, g, o, global);
      }
      return List.of();
    }
    long round = s.add(s.key + "/k/" + o.key(), o).position();
    long m = s.store.addToSetAndGet(s.key + "/r/" + round, o.key(), EMPTY).position();
    if (m != g.controlKeys().size() - 1) {
      return List.of();
    }
    List<ObjRef> data = new ArrayList<>();
    if (global) {
      var producers = new java.util.LinkedHashSet<String>();
      for (String k : g.controlKeys()) {
        for (SetMember c : s.store.members(s.key + "/k/" + k, round, 1)) {
          var info = s.resolve(List.of(c)).get(0).info();
          if (producers.add(info.producer())) {
            // The seal carries the stored form of the producer's control object (empty in
            // ephemeral mode), so that it names its producer and run like the data beside it.
            data.addAll(sealed(s, s.key + "/p/" + info.producer(), producerMark(s, info.runId(), info.producer()),
                c.value()));
          }
        }
      }
    } else {
      data.addAll(sealed(s, s.key + "/data", s.key + "/data" + SEALED, EMPTY));
    }
    var groups = new java.util.TreeMap<String, List<ObjRef>>();
    for (ObjRef d : data) {
      String key = d.info().key();
      groups.computeIfAbsent(key.substring(0, key.indexOf(':')), x -> new ArrayList<>()).add(d);
    }
    List<Firing> out = new ArrayList<>();
    groups.forEach((group, objs) -> {
      objs.sort(java.util.Comparator.comparing(r -> r.info().key()));
      out.add(s.fire(objs, "g" + round + "/" + group, round));
    });
    return out;
  }

  /**
   * Seals a data set and returns what arrived before the seal. The mark comes first, so a data
   * arrival that misses it was added before the seal and is taken; idempotent for replays.
   */
  private static List<ObjRef> sealed(Scoped s, String set, String mark, byte[] sealValue) {
    s.store.putIfAbsent(mark, EMPTY);
    long seal = s.store.addToSetAndGet(set, SEAL, sealValue).position();
    return s.resolve(s.store.members(set, 0, (int) seal));
  }

  /**
   * The mark of a producer's sealed data set of a global dynamic-group. Only that producer adds to
   * the set, so the mark lives under its run and goes with the run's records instead of piling up
   * in the trigger's shared state.
   */
  private static String producerMark(Scoped s, String runId, String producer) {
    return Keys.triggerState(s.app.name(), runId, s.trigger.bucket(), s.trigger.name(), false) + "/sealed/" + producer;
  }

  private static TerminalException lateData(Scoped s, Trigger.DynamicGroup g, LiveObj o, boolean global) {
    String where = "dynamic-group trigger '" + s.trigger.name() + "' on bucket '" + s.trigger.bucket()
        + "' got data key '" + o.key() + "' after ";
    return new TerminalException(global
        ? where + "a round had taken the data of its producer (instance " + o.producer()
            + "), so its group fired without it; a producer must emit all its data before its control key"
        : where + "all its control keys " + abbreviate(g.controlKeys())
            + " had arrived, so its group fired without it; emit all data before the last control key"
            + " (each producer emits its control key after its data)");
  }

  private static String abbreviate(List<String> keys) {
    return keys.size() <= 6 ? keys.toString() : keys.subList(0, 6) + " and " + (keys.size() - 6) + " more";
  }

  /** One trigger evaluation: the trigger, its state key and store, and the helpers all primitives use. */
  final class Scoped {
    final AppRuntime app;
    final TriggerSpec trigger;
    final StateStore store;
    final String runId;
    final int depth;
    final String key;

    Scoped(AppRuntime app, TriggerSpec trigger, StateStore store, String runId, int depth, String key) {
      this.app = app;
      this.trigger = trigger;
      this.store = store;
      this.runId = runId;
      this.depth = depth;
      this.key = key;
    }

    /**
     * Adds an object to a set, keeping it live for zero-copy delivery. A second object with the same
     * id from another producer is an error: keys must be unique within a bucket and run.
     */
    SetAdd add(String set, LiveObj o) {
      boolean known = remember(o);
      SetAdd a = store.addToSetAndGet(set, o.id(), stored(o));
      checkReplayed(set, o, a, known);
      return a;
    }

    /** {@link #add}, and the members of the batch of {@code size} its position completes, if any. */
    SetBatch addAndReadBatch(String set, LiveObj o, int size) {
      boolean known = remember(o);
      SetBatch b = store.addToSetAndReadBatch(set, o.id(), stored(o), size);
      checkReplayed(set, o, b.add(), known);
      return b;
    }

    /** {@link #add} as a join's arrival: see {@link StateStore#addToSetAndJoin}. */
    SetJoin join(String set, LiveObj o, String widthKey, long width) {
      boolean known = remember(o);
      SetJoin j = store.addToSetAndJoin(set, o.id(), stored(o), widthKey, width);
      checkReplayed(set, o, j.add(), known);
      return j;
    }

    /** Keeps the object for this host's firings; true if this host knew it already. */
    private boolean remember(LiveObj o) {
      LiveObj prev = ctx.liveObjects(o.runId()).putIfAbsent(o.id(), o);
      if (prev != null && prev != o && !prev.producer().equals(o.producer())) {
        throw duplicate(o, prev.producer());
      }
      return prev != null;
    }

    /** The member's value: the object's stored form, for other hosts' firings (exactly-once). */
    private byte[] stored(LiveObj o) {
      return app.exactlyOnce() ? Json.write(StoredObj.of(o.durableRef())) : EMPTY;
    }

    /**
     * A member already present that this host did not know must come from the same producer (a
     * replay), not another instance.
     */
    private void checkReplayed(String set, LiveObj o, SetAdd a, boolean known) {
      if (!a.added() && app.exactlyOnce() && !known) {
        for (SetMember m : store.members(set, a.position(), 1)) {
          String producer = Json.read(m.value(), StoredObj.class).producer();
          if (!producer.equals(o.producer())) {
            throw duplicate(o, producer);
          }
        }
      }
    }

    private TerminalException duplicate(LiveObj o, String otherProducer) {
      return new TerminalException("object '" + o.id() + "' was emitted by instances '" + otherProducer
          + "' and '" + o.producer() + "': keys must be unique within a bucket and run");
    }

    /** Set members as references: live objects when this host has them, else their stored form. */
    List<ObjRef> resolve(List<SetMember> members) {
      List<ObjRef> out = new ArrayList<>(members.size());
      for (SetMember m : members) {
        String id = m.member();
        LiveObj live = ctx.liveObjects(id.substring(0, id.indexOf('/'))).get(id);
        if (live != null) {
          out.add(live.localRef());
        } else if (m.value().length > 0) {
          out.add(Json.read(m.value(), StoredObj.class).toRef());
        } else {
          throw new TerminalException("object '" + id + "' of trigger '" + trigger.name()
              + "' is no longer in memory (its ephemeral run ended); use exactly-once mode");
        }
      }
      return out;
    }

    /**
     * A firing of this trigger. Run-scoped instances are named by their inputs; global ones by the
     * round ({@code label}, unique per trigger; {@code round} its number, from which fired state
     * is trimmed), and run in the run of the object that completed the round.
     */
    Firing fire(List<ObjRef> inputs, String label, long round) {
      String trig = trigger.bucket() + "/" + trigger.name();
      String target = trigger.target();
      boolean global = trigger.scope() == Scope.GLOBAL && label != null;
      String id = global
          ? InstanceIds.forRound(app.name(), Keys.GLOBAL, target, trig, label)
          : InstanceIds.forInputs(app.name(), runId, target, trig,
              inputs.stream().map(r -> r.info().id()).toList());
      List<Integer> branch = inputs.size() == 1 ? inputs.get(0).info().branch() : Firing.commonBranch(inputs);
      return new Firing(trigger, runId, id, inputs, branch, depth + 1, global ? round : -1);
    }
  }
}
