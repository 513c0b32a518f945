package io.jointflow.examples.iot;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * Jointλ's IoT pipeline step: {@code record} returns its input unchanged, passing it on to the
 * bucket named by its config key {@code to} (the last step has none and returns it as the result).
 * With a {@code time} config it takes that long on each cloud ({@link EmulatedTime}; the paper's
 * record takes about 10 ms).
 */
public final class Record implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      String to = call.config().get("to");
      byte[] reading = call.input().bytes();
      return to == null ? call.input().text() : call.emit(to, reading);
    });
  }
}
