package io.jointflow.fl;

import java.util.Map;

/**
 * The context of a run as a whole (the engine's, or a worker's at an operation's time): it reads
 * the run, and refuses effects, which only an operation's own context records ({@link Operation}),
 * for the engine to apply once the operation is stored.
 */
interface RunContext extends AgentContext {
  @Override
  default int samples(int owner) {
    return setup().partition()[owner].length;
  }

  @Override
  default double priorTime(Container c, int dc, int aggregator) {
    return Engine.priorTime(setup(), c, dc, aggregator);
  }

  @Override
  default void dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator) {
    throw outsideOperation();
  }

  @Override
  default boolean send(int src, int dst, Map<String, String> header, float[] model, Timer undelivered) {
    throw outsideOperation();
  }

  @Override
  default void at(double time, Timer t) {
    throw outsideOperation();
  }

  @Override
  default void signal(Timer t) {
    throw outsideOperation();
  }

  private static IllegalStateException outsideOperation() {
    return new IllegalStateException("an fl agent acted outside an operation: its effects are recorded only by an"
        + " operation's context (AgentStore), for the engine to apply once the operation is stored");
  }
}
