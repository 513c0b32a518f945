package io.jointflow.examples.video;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Image processing of one grayscale chunk: per frame its brightness, Sobel edge density, the
 * centroid of its bright pixels and its motion against the previous frame, and a histogram of edge
 * magnitudes; emitted as {@link Video.ChunkFeatures} into bucket {@code features}.
 */
public class ImageProcess implements Handler {
  static final int EDGE = 100;
  static final int BRIGHT = 150;

  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      Frames g = Frames.decode(call.input().bytes());
      int w = g.width();
      int h = g.height();
      long[] histogram = new long[16];
      List<Video.FrameFeatures> frames = new ArrayList<>();
      for (int f = 0; f < g.count(); f++) {
        long sum = 0;
        long edges = 0;
        double cx = 0;
        double cy = 0;
        long bright = 0;
        long diff = 0;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int v = g.at(f, x, y, 0);
            sum += v;
            if (v > BRIGHT) {
              cx += x;
              cy += y;
              bright++;
            }
            if (f > 0) {
              diff += Math.abs(v - g.at(f - 1, x, y, 0));
            }
            if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
              int gx = g.at(f, x + 1, y - 1, 0) + 2 * g.at(f, x + 1, y, 0) + g.at(f, x + 1, y + 1, 0)
                  - g.at(f, x - 1, y - 1, 0) - 2 * g.at(f, x - 1, y, 0) - g.at(f, x - 1, y + 1, 0);
              int gy = g.at(f, x - 1, y + 1, 0) + 2 * g.at(f, x, y + 1, 0) + g.at(f, x + 1, y + 1, 0)
                  - g.at(f, x - 1, y - 1, 0) - 2 * g.at(f, x, y - 1, 0) - g.at(f, x + 1, y - 1, 0);
              int mag = Math.abs(gx) + Math.abs(gy);
              histogram[Math.min(15, mag / 64)]++;
              if (mag > EDGE) {
                edges++;
              }
            }
          }
        }
        double px = (double) w * h;
        frames.add(new Video.FrameFeatures(g.first() + f, sum / px, edges / px, bright == 0 ? -1 : cx / bright,
            bright == 0 ? -1 : cy / bright, f == 0 ? 0 : diff / px));
      }
      int chunk = Integer.parseInt(call.input().key().substring("chunk-".length()));
      call.emit("features", call.input().key(), new Video.ChunkFeatures(chunk, frames, histogram));
      return null;
    });
  }
}
