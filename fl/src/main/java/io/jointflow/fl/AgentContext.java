package io.jointflow.fl;

import java.util.Map;
import java.util.Random;

/**
 * What an {@link Agent} may know of the run and do in it: the emulated time, the setup (read-only),
 * the injected faults (the emulation's oracle), the random source, the owners' data sizes, and its
 * effects (jobs, model transfers, timers). Narrow on purpose: everything here can be provided to an
 * agent running in a worker process.
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

  /** The run's one random source, shared by its agents so the draws keep today's order. */
  Random random();

  int samples(int owner);

  /** The job time expected before observing any (B5 prior): mean time unit, no jitter. */
  double priorTime(Container c, int dc, int aggregator);

  /** Sends {@code model} to {@code c} for training; its update goes to {@code aggregator}'s agent. */
  void dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator);

  /** Moves a model from {@code src} to {@code dst}, whose agent receives it; false if it did not arrive. */
  boolean send(int src, int dst, Map<String, String> header, float[] model);

  /** Fires {@code t} at emulated time {@code time}. */
  void at(double time, Timer t);

  /**
   * Fires {@code t} now, or, when called while a model transfer is under way (from a receiving
   * agent), as soon as it is over: a transfer's handler must not start transfers of its own.
   */
  void signal(Timer t);
}
