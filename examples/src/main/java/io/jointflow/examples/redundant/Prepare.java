package io.jointflow.examples.redundant;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The entry: reads the CSV input {@code data}, holds out every fifth flower for testing, and sends
 * the same task to {@code replicas} replicas (config, default 4; must equal the trigger's
 * {@code n}) as {@code replica-<i>} in bucket {@code tasks}. Each replica gets a delay drawn from
 * the input {@code seed}, up to config {@code max-delay-ms} (default 50), so a different replica
 * straggles in different runs.
 */
public class Prepare implements Handler {
  @Override
  public Object handle(Call call) {
    List<Iris.Flower> flowers = IrisCsv.parse(call.input("data").text());
    long seed = Params.input(call, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    int replicas = Params.config(call, "replicas", 4, 1);
    int maxDelay = Params.config(call, "max-delay-ms", 50, 0);
    List<Iris.Flower> train = new ArrayList<>();
    List<Iris.Flower> test = new ArrayList<>();
    for (int i = 0; i < flowers.size(); i++) {
      (i % 5 == 4 ? test : train).add(flowers.get(i));
    }
    Random delays = new Random(seed);
    for (int r = 0; r < replicas; r++) {
      call.emit("tasks", "replica-" + r,
          new Iris.Task(r, delays.nextInt(maxDelay + 1), List.copyOf(train), List.copyOf(test)));
    }
    return null;
  }
}
