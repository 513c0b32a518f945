package io.jointflow.fl;

import java.util.List;
import java.util.Map;

/**
 * The state and rules of a method in one data center that aggregates: what its aggregator function
 * merges, what it dispatches, what it does when a model arrives or a timer fires. An agent knows the
 * run only through its {@link AgentContext}, so that its state can live in that data center's
 * state store between operations ({@link AgentRecord}): what is serialized is its state; the
 * context and what derives from the setup are transient, re-attached by {@link #attach}.
 */
interface Agent extends java.io.Serializable {
  /** Re-attaches the run's context (and what derives from it) after decoding. */
  void attach(AgentContext ctx);

  /** Dispatches the first jobs and sets the first timers. */
  void start();

  /** Merges the update of {@code job}; called once per job, from its aggregator function. */
  void merge(Job job, float[] update);

  /** {@code job} ended: {@code ok} if merged, else lost or rejected; its owner is free again. */
  void ended(Job job, boolean ok);

  /** A model sent from data center {@code src} arrived here with the sender's header. */
  default void received(int src, Map<String, String> header, float[] model) {}

  /** A timer this agent set (or a signal another agent of the method sent it) fired. */
  default void onTimer(Timer t) {}

  /** The models this data center serves now. */
  List<float[]> serving();
}
