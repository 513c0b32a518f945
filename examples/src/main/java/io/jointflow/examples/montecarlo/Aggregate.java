package io.jointflow.examples.montecarlo;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;

/** Sums every branch's hits into the run's {@link Pi.Estimate}: 4 × inside / samples. */
public class Aggregate implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      long inside = 0;
      long samples = 0;
      for (Obj o : call.inputs()) {
        Pi.Hits h = o.as(Pi.Hits.class);
        inside += h.inside();
        samples += h.samples();
      }
      return new Pi.Estimate(4.0 * inside / samples, inside, samples, call.inputs().size());
    });
  }
}
