package io.jointflow.bench;

import io.jointflow.examples.chain.Done;
import io.jointflow.function.Call;

/**
 * The chain example's {@code done} step with a timestamp: the chain benchmark loads
 * {@code examples/chain.yaml} with this class in place of {@link Done} to learn when the run's work
 * ended, apart from the time {@code await} adds. Public with a no-argument constructor because the
 * YAML names it.
 */
public class ChainEnd extends Done {
  /** When the last step finished, by {@link System#nanoTime()}; benchmark runs are sequential. */
  static volatile long finishedAt;

  @Override
  public Object handle(Call call) {
    Object result = super.handle(call);
    finishedAt = System.nanoTime();
    return result;
  }
}
