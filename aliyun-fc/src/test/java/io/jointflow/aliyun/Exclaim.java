package io.jointflow.aliyun;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Test handler: returns its input with an exclamation mark, counting its runs. */
public class Exclaim implements Handler {
  static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public Object handle(Call call) {
    RUNS.incrementAndGet();
    return call.input().text() + "!";
  }
}
