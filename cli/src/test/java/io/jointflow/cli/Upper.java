package io.jointflow.cli;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Test handler: emits its input in upper case into bucket {@code mid}. */
public class Upper implements Handler {
  @Override
  public Object handle(Call call) {
    return call.emit("mid", call.input().text().toUpperCase());
  }
}
