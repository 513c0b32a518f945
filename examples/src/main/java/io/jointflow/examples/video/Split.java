package io.jointflow.examples.video;

import io.jointflow.examples.Params;
import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.examples.workloads.Workloads;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * The video workload's entry: generates the run's video (input {@code seed}; input {@code moving},
 * default true, says whether its square moves) and splits it into input {@code chunks} chunks of
 * RGB frames, into bucket {@code chunks}, announcing their count to the join in {@code features}.
 */
public class Split implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      int chunks = (int) Params.input(call, "chunks", 1, Workloads.VIDEO_FRAMES);
      long seed = Params.input(call, "seed", 0, Long.MAX_VALUE);
      boolean moving = call.inputs().stream().noneMatch(o -> o.key().equals("moving") && o.text().strip().equals("false"));
      int total = Workloads.VIDEO_FRAMES;
      for (int i = 0; i < chunks; i++) {
        int from = total * i / chunks;
        int to = total * (i + 1) / chunks;
        call.emit("chunks", "chunk-" + i, Frames.generate(seed, from, to, total, moving).encode());
      }
      call.emit("features", "ctrl", chunks);
      return null;
    });
  }
}
