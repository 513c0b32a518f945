package io.jointflow.examples.montecarlo;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.SplittableRandom;

/** One branch: counts its task's random points that fall inside the unit quarter circle, into {@code hits}. */
public class DataProcess implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      Pi.Task t = call.input().as(Pi.Task.class);
      SplittableRandom r = new SplittableRandom(t.seed());
      long inside = 0;
      for (long i = 0; i < t.samples(); i++) {
        double x = r.nextDouble();
        double y = r.nextDouble();
        if (x * x + y * y <= 1.0) {
          inside++;
        }
      }
      call.emit("hits", "h-" + t.branch(), new Pi.Hits(t.branch(), inside, t.samples()));
      return null;
    });
  }
}
