package io.jointflow.definition;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** A valid handler class for the class checks: public, concrete, no-argument constructor. */
public class EchoHandler implements Handler {
  @Override
  public Object handle(Call call) {
    return null;
  }
}
