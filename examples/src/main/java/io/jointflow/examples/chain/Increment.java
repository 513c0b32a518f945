package io.jointflow.examples.chain;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.Map;

/**
 * One step of the chain (Pheromone's {@code inc}): reads a number (the run's input {@code n}, or
 * the previous step's object) and emits it plus one into bucket {@code next}, with the value also in
 * metadata {@code n} so that the triggers' conditions decide whether the chain goes on.
 */
public class Increment implements Handler {
  @Override
  public Object handle(Call call) {
    long n = Params.number(call.input(), Long.MIN_VALUE + 1, Long.MAX_VALUE - 1) + 1;
    String value = Long.toString(n);
    call.emit("next", null, value, Map.of("n", value));
    return null;
  }
}
