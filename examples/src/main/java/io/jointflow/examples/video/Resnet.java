package io.jointflow.examples.video;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.List;

/**
 * The model step (ResNet50 in the paper; here a small logistic model with fixed weights, which
 * really classifies): from the frames' features, is an object crossing the picture? Its inputs are
 * the bright centroid's travel, the mean frame-to-frame motion and the edge density; the result is a
 * {@link Video.Verdict}. Runs on the GPU cloud, where its emulated duration is 7 times shorter.
 */
public class Resnet implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> verdict(call.input().as(Video.Batch.class)));
  }

  static Video.Verdict verdict(Video.Batch b) {
    List<Video.FrameFeatures> seen = b.frames().stream().filter(f -> f.x() >= 0).toList();
    if (seen.isEmpty()) {
      return new Video.Verdict(b.frames().size(), b.chunks(), false, 0, 0, "empty");
    }
    double dx = seen.getLast().x() - seen.getFirst().x();
    double motion = b.frames().stream().mapToDouble(Video.FrameFeatures::motion).average().orElse(0);
    double edges = b.frames().stream().mapToDouble(Video.FrameFeatures::edges).average().orElse(0);
    // fixed weights: the centroid's travel decides; frame-to-frame change (mostly sensor noise here)
    // and edge density only nudge
    double z = -4.0 + 0.25 * Math.abs(dx) + 0.05 * motion + 0.5 * edges;
    double p = 1 / (1 + Math.exp(-z));
    boolean moving = p >= 0.5;
    return new Video.Verdict(b.frames().size(), b.chunks(), moving, p, dx, moving ? "moving-object" : "static-object");
  }
}
