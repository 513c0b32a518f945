package io.jointflow.examples.video;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Joins every chunk's features, in frame order, into one {@link Video.Batch} for the model step. */
public class FanIn implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      List<Video.FrameFeatures> frames = new ArrayList<>();
      long[] histogram = new long[16];
      for (Obj o : call.inputs()) {
        Video.ChunkFeatures c = o.as(Video.ChunkFeatures.class);
        frames.addAll(c.frames());
        for (int i = 0; i < histogram.length; i++) {
          histogram[i] += c.edgeHistogram()[i];
        }
      }
      frames.sort(Comparator.comparingInt(Video.FrameFeatures::index));
      call.emit("batch", "video", new Video.Batch(frames, histogram, call.inputs().size()));
      return null;
    });
  }
}
