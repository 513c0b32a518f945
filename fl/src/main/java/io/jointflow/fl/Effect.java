package io.jointflow.fl;

import java.util.Map;

/**
 * What an agent operation asks of the run, as data: the operation records its effects in order
 * ({@link Operation}) and the engine applies them only after the operation's record is stored, in
 * that order. Being values rather than calls, they can be the result of a function that ran the
 * operation in a worker process.
 */
sealed interface Effect extends java.io.Serializable {
  /** Send {@code model} to container {@code c} of data center {@code dc} for training; its update goes to {@code aggregator}'s agent. */
  record Dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator) implements Effect {
    public Dispatch {
      model = model.clone(); // a value: what the agent does to its array afterwards is not sent
    }
  }

  /**
   * Move {@code model} from data center {@code src} to {@code dst}, whose agent receives it (an
   * operation of its own). Recorded only when the fault schedule has both ends up at send time.
   *
   * @param undelivered signalled if the transfer ran but did not deliver (the receiver refused it);
   *     null if the sender need not know
   */
  record Send(int src, int dst, Map<String, String> header, float[] model, Timer undelivered) implements Effect {
    public Send {
      header = Map.copyOf(header);
      model = model.clone();
    }
  }

  /** Queue {@code timer} to fire at emulated time {@code time}. */
  record At(double time, Timer timer) implements Effect {}

  /** Fire {@code timer} now, as an operation of its own, once the effects recorded before it are applied. */
  record Signal(Timer timer) implements Effect {}
}
