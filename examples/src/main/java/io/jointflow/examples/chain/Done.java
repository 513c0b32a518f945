package io.jointflow.examples.chain;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** The end of the chain: returns the number it was given as the run's result. */
public class Done implements Handler {
  @Override
  public Object handle(Call call) {
    return call.input().text();
  }
}
