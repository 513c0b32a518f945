package io.jointflow.lambda;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Test handler: returns its input with an exclamation mark. */
public class Exclaim implements Handler {
  @Override
  public Object handle(Call call) {
    return call.input().text() + "!";
  }
}
