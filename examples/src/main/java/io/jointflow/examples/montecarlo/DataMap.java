package io.jointflow.examples.montecarlo;

import io.jointflow.examples.Params;
import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.SplittableRandom;

/**
 * The Monte Carlo workload's entry: splits input {@code samples} random points into input
 * {@code branches} tasks, even branches into bucket {@code left} (one cloud), odd ones into
 * {@code right} (the other), and announces their count to the join in {@code hits}.
 */
public class DataMap implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      int branches = (int) Params.input(call, "branches", 1, 100_000);
      long samples = Params.input(call, "samples", branches, Long.MAX_VALUE / 2);
      // Seeds from one generator's output (mixed, unrelated); seeds in arithmetic progression would
      // make the branches' generators walk the same sequence, shifted.
      SplittableRandom seeds = new SplittableRandom(20250528L);
      for (int i = 0; i < branches; i++) {
        long share = samples * (i + 1) / branches - samples * i / branches;
        call.emit(i % 2 == 0 ? "left" : "right", "t-" + i, new Pi.Task(i, seeds.nextLong(), share));
      }
      call.emit("hits", "ctrl", branches);
      return null;
    });
  }
}
