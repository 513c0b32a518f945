package io.jointflow.fl;

import java.util.List;

/**
 * Where the engine keeps a method's agents and has their operations run: in this process, each in
 * its cloud's store ({@link AgentStore}), or in the worker processes of a cluster, one function
 * invocation per operation ({@link RemoteAgents}). Either way an operation's effects come back as
 * data, for the engine to apply after the operation is stored. Merges and received models are
 * not asked here: they run inside the functions of a job or transfer ({@link Site}).
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
   * {@code job} ended ({@code ok}: merged); its aggregator's effects. {@code inFlight}: the smallest
   * id of a job still in flight (the next id if none), below which no merge is to be accepted.
   */
  List<Effect> ended(Job job, boolean ok, long inFlight);

  /** Timer {@code t} fired; its agent's effects. */
  List<Effect> onTimer(Timer t);

  /** The models data center {@code d} serves: a read, so nothing is stored back. */
  List<float[]> serving(int d);

  @Override
  void close();
}
