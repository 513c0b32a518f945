package io.jointflow.aliyun;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Test handler: emits its input in upper case into bucket {@code loud}, counting its runs. */
public class Shout implements Handler {
  static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public Object handle(Call call) {
    RUNS.incrementAndGet();
    return call.emit("loud", call.input().text().toUpperCase());
  }
}
