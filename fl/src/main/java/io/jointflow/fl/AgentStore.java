package io.jointflow.fl;

import io.jointflow.core.MemoryStateStore;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Keeps each agent of one method's run in the state store of its data center's cloud, under {@code
 * fl/<run>/<method>/<d>}, and runs every operation the engine routes to an agent as: load, decode,
 * operate, encode, compare-and-set on the version read. So an agent's state is only ever in its
 * cloud's store between operations, as it will be when a function in that cloud's worker applies
 * them.
 *
 * <p>Which stores: {@code Jointflow} does not expose the stores its host opens for the clouds, so
 * this keeps one in-memory {@link MemoryStateStore} per cloud (data centers on the same cloud share
 * it), whatever the clouds file says their state is.
 *
 * <p>An operation does not act: its agent is decoded with a fresh {@link Operation} as its context,
 * which records the effects, and they are returned only after the compare-and-set, for the engine
 * to apply. So no operation runs inside another, and re-entering an agent whose operation is under
 * way is a bug and fails loudly, as does a lost compare-and-set (the engine is single-threaded).
 */
final class AgentStore implements AutoCloseable {
  private final String prefix;
  private final AgentContext ctx;
  private final StateStore[] stores;
  private final List<StateStore> opened;
  private final boolean[] present;
  /** The record of each agent whose operation is under way, else null. */
  private final AgentRecord[] loaded;

  /** {@code run}: unique per run, so that runs sharing a store keep apart. */
  AgentStore(AgentContext ctx, String method, String run) {
    this.ctx = ctx;
    this.prefix = "fl/" + run + "/" + method + "/";
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

  /** The key of data center {@code d}'s agent. */
  String key(int d) {
    return prefix + d;
  }

  /** Data center {@code d}'s cloud's store. */
  StateStore store(int d) {
    return stores[d];
  }

  /** Whether data center {@code d} has an agent. */
  boolean has(int d) {
    return present[d];
  }

  /** Stores {@code agent} as data center {@code d}'s, which must have none yet. */
  void create(int d, Agent agent) {
    if (!stores[d].compareAndSet(key(d), 0, AgentRecord.of(agent).encode())) {
      throw new IllegalStateException("fl agent " + d + " already has a record under '" + key(d) + "'");
    }
    present[d] = true;
  }

  /** Data center {@code d}'s record as stored now (a copy: changing it changes nothing stored). */
  AgentRecord read(int d) {
    return AgentRecord.decode(load(d).value(), ctx);
  }

  /** Starts data center {@code d}'s agent; its effects, to apply now that it is stored. */
  List<Effect> start(int d) {
    return update(d, "start", agentOp(Agent::start));
  }

  /**
   * Merges {@code job}'s update unless its aggregator's ledger has it: the merge's effects (to apply
   * now that it is stored), or empty if the ledger had it and nothing was done.
   */
  Optional<List<Effect>> merge(Job job, float[] update) {
    boolean[] applied = new boolean[1];
    List<Effect> effects = update(job.aggregator(), "merge of job " + job.id(), r -> {
      if (r.hasMerged(job.id())) {
        return r;
      }
      r.agent().merge(job, update);
      applied[0] = true;
      return r.withMerged(job.id());
    });
    return applied[0] ? Optional.of(effects) : Optional.empty();
  }

  List<Effect> ended(Job job, boolean ok) {
    return update(job.aggregator(), "end of job " + job.id(), r -> {
      r.agent().ended(job, ok);
      return r.withEnded(job.id());
    });
  }

  List<Effect> received(int d, int src, Map<String, String> header, float[] model) {
    return update(d, "model from " + src, agentOp(a -> a.received(src, header, model)));
  }

  List<Effect> onTimer(Timer t) {
    return update(t.agent(), "timer " + t.kind(), agentOp(a -> a.onTimer(t)));
  }

  /** The models data center {@code d} serves: a read, so nothing is stored back. */
  List<float[]> serving(int d) {
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
   * effects the operation recorded, in order.
   */
  private List<Effect> update(int d, String what, UnaryOperator<AgentRecord> op) {
    if (!present[d]) {
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
    loaded[d] = r;
    List<Effect> effects;
    try {
      r = op.apply(r);
      effects = operation.effects();
    } finally {
      loaded[d] = null;
    }
    if (!stores[d].compareAndSet(key(d), v.version(), r.encode())) {
      throw new IllegalStateException("fl agent " + d + ": its record '" + key(d) + "' changed during the " + what
          + " (version " + v.version() + " read); the engine is single-threaded, so something else wrote it");
    }
    return effects;
  }

  private Versioned load(int d) {
    return stores[d].get(key(d)).orElseThrow(
        () -> new IllegalStateException("fl agent " + d + " has no record under '" + key(d) + "'"));
  }

  @Override
  public void close() {
    opened.forEach(StateStore::close);
  }
}
