package io.jointflow.fl;

import io.jointflow.core.MemoryStateStore;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Keeps each agent of one method's run in the state store of its data center's cloud, under {@code
 * fl/<run>/<method>/<d>}, and runs every operation routed to an agent as: load, decode, operate,
 * encode, compare-and-set on the version read. So an agent's state is only ever in its cloud's
 * store between operations.
 *
 * <p>Which stores: in one process, {@code Jointflow} does not expose the stores its host opens for
 * the clouds, so this keeps one in-memory {@link MemoryStateStore} per cloud (data centers on the
 * same cloud share it), whatever the clouds file says their state is. In a worker ({@link
 * WorkerSite}) it is given its cloud's real store, and builds one per function invocation.
 *
 * <p>An operation does not act: its agent is decoded with a fresh {@link Operation} as its context,
 * which records the effects, and they are returned only after the compare-and-set, for the engine
 * to apply. So no operation runs inside another, and re-entering an agent whose operation is under
 * way is a bug and fails loudly, as does a lost compare-and-set (the driver runs one operation at a
 * time; in a worker, a duplicate execution of the same operation lost the race, and its retry is
 * answered from the record, see {@link #update}).
 */
final class AgentStore implements Agents {
  private final String prefix;
  private final AgentContext ctx;
  private final StateStore[] stores;
  /** The stores this opened, closed with it (none when they were given). */
  private final List<StateStore> opened;
  private final boolean[] present;
  /** The record of each agent whose operation is under way, else null. */
  private final AgentRecord[] loaded;
  /** Whether the last operation was answered from its record rather than applied (see {@link #update}). */
  private boolean replayed;
  /** The id the last replayed operation was stored under. */
  private String replayedAs;
  /** The id the operation under way is stored under: its own, or as set by the operation ({@link #mergeEnding}). */
  private String storedAs;
  /** Where agents' records are kept in a store: {@code fl/<run>/<method>/<d>}. */
  static final String PREFIX = "fl/";
  /** Marks an operation stored as a merge that processed its job's end too. */
  static final String ENDED_TOO = "+ended";

  /** {@code run}: unique per run, so that runs sharing a store keep apart. */
  AgentStore(AgentContext ctx, String method, String run) {
    this.ctx = ctx;
    this.prefix = PREFIX + run + "/" + method + "/";
    int n = ctx.dataCenters();
    Map<String, StateStore> byCloud = new HashMap<>();
    stores = new StateStore[n];
    for (int d = 0; d < n; d++) {
      stores[d] = byCloud.computeIfAbsent(ctx.setup().dataCenters().get(d), c -> MemoryStateStore.create());
    }
    opened = List.copyOf(byCloud.values());
    present = new boolean[n];
    loaded = new AgentRecord[n];
  }

  /**
   * Over stores given by data center (a worker's: its cloud's real store; null for data centers
   * elsewhere, whose agents are not operated here), which this does not close. An agent is found by
   * its record in the store.
   */
  AgentStore(AgentContext ctx, String method, String run, java.util.function.IntFunction<StateStore> storeOf) {
    this.ctx = ctx;
    this.prefix = PREFIX + run + "/" + method + "/";
    int n = ctx.dataCenters();
    stores = new StateStore[n];
    for (int d = 0; d < n; d++) {
      stores[d] = storeOf.apply(d);
    }
    opened = List.of();
    present = new boolean[n];
    loaded = new AgentRecord[n];
  }

  /** The key of data center {@code d}'s agent. */
  String key(int d) {
    return prefix + d;
  }

  /** Data center {@code d}'s cloud's store. */
  StateStore store(int d) {
    return stores[d];
  }

  @Override
  public boolean has(int d) {
    if (!present[d] && stores[d] != null && stores[d].get(key(d)).isPresent()) {
      present[d] = true; // records are never deleted while the run lasts
    }
    return present[d];
  }

  @Override
  public void create(int d, Agent agent) {
    create(d, AgentRecord.of(agent).encode());
  }

  /** Stores an encoded new record as data center {@code d}'s, which must have none yet. */
  void create(int d, byte[] record) {
    AgentRecord.decode(record, ctx); // refuses what is not an agent's record before it is stored
    if (!store(d, "create").compareAndSet(key(d), 0, record)) {
      throw new IllegalStateException("fl agent " + d + " already has a record under '" + key(d) + "'");
    }
    present[d] = true;
  }

  /** Deletes data center {@code d}'s record: the run is over (deleting it again is no error). */
  void drop(int d) {
    store(d, "drop").delete(key(d));
    present[d] = false;
  }

  /** Data center {@code d}'s record's bytes as stored now. */
  byte[] rawRecord(int d) {
    return load(d).value();
  }

  @Override
  public AgentRecord read(int d) {
    return AgentRecord.decode(load(d).value(), ctx);
  }

  @Override
  public List<Effect> start(int d) {
    return start(d, null);
  }

  /** {@link #start(int)} as operation {@code op} (null: no id; see {@link AgentRecord#lastOp}). */
  List<Effect> start(int d, String op) {
    return update(d, "start", op, agentOp(Agent::start));
  }

  /**
   * Merges {@code job}'s update unless its aggregator's ledger has it or its end was processed: the
   * merge's effects, or empty if nothing was done.
   */
  Optional<List<Effect>> merge(Job job, float[] update) {
    return merge(job, update, null);
  }

  /** {@link #merge(Job, float[])} as operation {@code op}. */
  Optional<List<Effect>> merge(Job job, float[] update, String op) {
    boolean[] applied = new boolean[1];
    List<Effect> effects = update(job.aggregator(), "merge of job " + job.id(), op, r -> {
      if (r.hasMerged(job.id()) || r.isOver(job.id())) {
        return null; // a duplicate, or a straggler after the job's end: nothing to store
      }
      r.agent().merge(job, update);
      applied[0] = true;
      return r.withMerged(job.id());
    });
    // a replayed operation stored a merge (a duplicate stores nothing, so is never replayed)
    return applied[0] || replayed ? Optional.of(effects) : Optional.empty();
  }

  /** What {@link #mergeEnding} did: the effects, and whether the job's end was processed too. */
  record Merged(List<Effect> effects, boolean ended) {}

  /**
   * {@link #merge(Job, float[], String)}, and, when the merge's effects run no step of their own
   * (only dispatches and timers, see {@link Operation#runsNoStep}), the job's successful end too, in
   * the same compare-and-set, with {@code inFlight} as in {@link #ended}: applying the merge's
   * effects and then the end's is then what the engine would have done with the end sent apart, with
   * one run fewer. The operation is stored as {@code op} + {@value #ENDED_TOO} when it included the
   * end, so a replay tells which it was.
   */
  Optional<Merged> mergeEnding(Job job, float[] update, long inFlight, String op) {
    boolean[] applied = new boolean[1];
    boolean[] ended = new boolean[1];
    List<Effect> effects = update(job.aggregator(), "merge of job " + job.id(), op, (r, operation) -> {
      if (r.hasMerged(job.id()) || r.isOver(job.id())) {
        return null; // a duplicate, or a straggler after the job's end: nothing to store
      }
      r.agent().merge(job, update);
      applied[0] = true;
      r = r.withMerged(job.id());
      if (operation.runsNoStep()) {
        r.agent().ended(job, true);
        r = r.withEnded(job.id(), inFlight);
        ended[0] = true;
        storedAs = op + ENDED_TOO;
      }
      return r;
    });
    if (replayed) {
      return Optional.of(new Merged(effects, replayedAs.endsWith(ENDED_TOO)));
    }
    return applied[0] ? Optional.of(new Merged(effects, ended[0])) : Optional.empty();
  }

  @Override
  public List<Effect> ended(Job job, boolean ok, long inFlight) {
    return ended(job, ok, inFlight, null);
  }

  List<Effect> ended(Job job, boolean ok, long inFlight, String op) {
    return update(job.aggregator(), "end of job " + job.id(), op, r -> {
      r.agent().ended(job, ok);
      return r.withEnded(job.id(), inFlight);
    });
  }

  /** A model from {@code src} arrived at {@code d}: its agent's effects. */
  List<Effect> received(int d, int src, Map<String, String> header, float[] model) {
    return received(d, src, header, model, null);
  }

  List<Effect> received(int d, int src, Map<String, String> header, float[] model, String op) {
    return update(d, "model from " + src, op, agentOp(a -> a.received(src, header, model)));
  }

  @Override
  public List<Effect> onTimer(Timer t) {
    return onTimer(t, null);
  }

  List<Effect> onTimer(Timer t, String op) {
    return update(t.agent(), "timer " + t.kind(), op, agentOp(a -> a.onTimer(t)));
  }

  @Override
  public List<float[]> serving(int d) {
    if (loaded[d] != null) {
      throw new IllegalStateException("fl agent " + d + " ('" + key(d) + "') is read while an operation on it is under way");
    }
    return read(d).agent().serving();
  }

  private static UnaryOperator<AgentRecord> agentOp(Consumer<Agent> op) {
    return r -> {
      op.accept(r.agent());
      return r;
    };
  }

  /**
   * Load, decode (attached to a fresh {@link Operation}), operate, encode, compare-and-set; then the
   * effects the operation recorded, in order. With an id ({@code opId}), an operation the record
   * says was stored already is answered with the effects stored with it, not applied again: a
   * function retried after its operation was stored ({@link #replayed} tells). An operation that
   * returns null instead of a record stores nothing.
   */
  private List<Effect> update(int d, String what, String opId, UnaryOperator<AgentRecord> op) {
    return update(d, what, opId, (r, operation) -> op.apply(r));
  }

  /** {@link #update(int, String, String, UnaryOperator)} with the operation's context at hand. */
  private List<Effect> update(int d, String what, String opId, BiFunction<AgentRecord, Operation, AgentRecord> op) {
    replayed = false;
    storedAs = opId;
    if (!has(d)) {
      throw new IllegalStateException("fl data center " + d + " has no agent for the " + what);
    }
    if (loaded[d] != null) {
      // effects are applied after the store, so nothing should run inside an operation
      throw new IllegalStateException("fl agent " + d + " ('" + key(d) + "') is re-entered by the " + what
          + " while an operation on it is under way");
    }
    Versioned v = load(d);
    Operation operation = new Operation(ctx);
    AgentRecord r = AgentRecord.decode(v.value(), operation);
    if (opId != null && (opId.equals(r.lastOp()) || (opId + ENDED_TOO).equals(r.lastOp()))) {
      replayed = true;
      replayedAs = r.lastOp();
      return Wire.effects(r.lastEffects(), ctx.setup());
    }
    loaded[d] = r;
    List<Effect> effects;
    try {
      r = op.apply(r, operation);
      effects = operation.effects();
    } finally {
      loaded[d] = null;
    }
    if (r == null) {
      return effects;
    }
    if (opId != null) {
      r = r.withLast(storedAs, Wire.effects(effects));
    }
    if (!stores[d].compareAndSet(key(d), v.version(), r.encode())) {
      throw new IllegalStateException("fl agent " + d + ": its record '" + key(d) + "' changed during the " + what
          + " (version " + v.version() + " read); the driver runs one operation at a time, so something else wrote"
          + " it (a duplicate execution of this operation: it is retried)");
    }
    return effects;
  }

  private StateStore store(int d, String what) {
    if (stores[d] == null) {
      throw new IllegalStateException("fl agent " + d + " (cloud '" + ctx.setup().dataCenters().get(d) + "') is not kept"
          + " here: the " + what + " was sent to the wrong cloud");
    }
    return stores[d];
  }

  private Versioned load(int d) {
    return store(d, "operation").get(key(d)).orElseThrow(
        () -> new IllegalStateException("fl agent " + d + " has no record under '" + key(d) + "'"));
  }

  @Override
  public void close() {
    opened.forEach(StateStore::close);
  }
}
