package io.jointflow.fl;

import java.util.Map;

/**
 * What an {@link Agent} may know of the run and do in it: the emulated time, the setup (read-only),
 * the injected faults (the emulation's oracle), the owners' data sizes, and its effects (jobs, model
 * transfers, timers), which are recorded as {@link Effect}s for the engine to apply after the
 * operation (see {@link Operation}), never carried out while it runs. Narrow on purpose: everything
 * here can be provided to an agent running in a worker process. No random source: a shared one
 * would tie an agent's draws to the order of the other agents' operations, so each agent keeps its
 * own in its state ({@link AgentRandom}).
 */
interface AgentContext {
  double now();

  FlSetup setup();

  default FlOptions options() {
    return setup().options();
  }

  default int dataCenters() {
    return setup().dataCenters().size();
  }

  Faults faults();

  int samples(int owner);

  /** The job time expected before observing any (B5 prior): mean time unit, no jitter. */
  double priorTime(Container c, int dc, int aggregator);

  /**
   * Records that {@code model} is to be sent to {@code c} for training; its update goes to {@code
   * aggregator}'s agent. Effects are data: the engine applies an operation's effects, in the order
   * recorded, after the operation's record is stored.
   */
  void dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator);

  /**
   * Records that a model is to move from {@code src} to {@code dst}, whose agent receives it in an
   * operation of its own once this operation is stored. Returns what is known at send time: true
   * if the fault schedule has both ends up now, and then the transfer will happen (it is an
   * exactly-once run that completes); false, and nothing is recorded, if an end is down. What only
   * the transfer reveals (the receiver refused the model) comes back later as {@code undelivered}.
   *
   * @param undelivered signalled if the transfer ran but did not deliver; null if nothing is to be done then
   */
  boolean send(int src, int dst, Map<String, String> header, float[] model, Timer undelivered);

  /** {@link #send(int, int, Map, float[], Timer)} whose sender need not learn of a refusal. */
  default boolean send(int src, int dst, Map<String, String> header, float[] model) {
    return send(src, dst, header, model, null);
  }

  /** Records that {@code t} is to fire at emulated time {@code time}. */
  void at(double time, Timer t);

  /**
   * Records that {@code t} is to fire now: as an operation of its own, after the effects recorded
   * before it are applied (a send's transfer and the receiver's operation included).
   */
  void signal(Timer t);
}
