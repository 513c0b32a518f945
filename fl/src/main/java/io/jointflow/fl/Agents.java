package io.jointflow.fl;

import java.util.List;
import java.util.Optional;

/**
 * Where the engine keeps a method's agents and has their operations run: in this process, each in
 * its cloud's store ({@link AgentStore}), or in the worker processes of a cluster, one function
 * invocation per operation ({@link RemoteAgents}). Either way an operation's effects come back as
 * data, for the engine to apply after the operation is stored.
 */
interface Agents extends AutoCloseable {
  /** Whether data center {@code d} has an agent. */
  boolean has(int d);

  /** Stores {@code agent} as data center {@code d}'s, which must have none yet. */
  void create(int d, Agent agent);

  /** Data center {@code d}'s record as stored now (a copy: changing it changes nothing stored). */
  AgentRecord read(int d);

  /** Starts data center {@code d}'s agent; its effects, to apply now that it is stored. */
  List<Effect> start(int d);

  /**
   * Merges {@code job}'s update unless its aggregator's ledger has it: the merge's effects, or empty
   * if the ledger had it and nothing was done. Only where the aggregator function runs in this
   * process; in a cluster it runs in the aggregator's worker.
   */
  Optional<List<Effect>> merge(Job job, float[] update);

  /**
   * {@code job} ended ({@code ok}: merged); its aggregator's effects. {@code inFlight}: the smallest
   * id of a job still in flight (the next id if none), below which no merge is to be accepted.
   */
  List<Effect> ended(Job job, boolean ok, long inFlight);

  /** A model from {@code src} arrived at {@code d} (in this process only, as {@link #merge}). */
  List<Effect> received(int d, int src, java.util.Map<String, String> header, float[] model);

  /** Timer {@code t} fired; its agent's effects. */
  List<Effect> onTimer(Timer t);

  /** The models data center {@code d} serves: a read, so nothing is stored back. */
  List<float[]> serving(int d);

  @Override
  void close();
}
