package io.jointflow.lambda;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Test handler: emits its input in upper case into bucket {@code loud}. */
public class Shout implements Handler {
  @Override
  public Object handle(Call call) {
    return call.emit("loud", call.input().text().toUpperCase());
  }
}
