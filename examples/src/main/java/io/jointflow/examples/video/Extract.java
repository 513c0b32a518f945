package io.jointflow.examples.video;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Extracts one chunk's frames as grayscale (ITU-R BT.601 luma) into bucket {@code gray}, same key. */
public class Extract implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      Frames rgb = Frames.decode(call.input().bytes());
      int n = rgb.count();
      byte[] gray = new byte[n * rgb.width() * rgb.height()];
      int i = 0;
      for (int f = 0; f < n; f++) {
        for (int y = 0; y < rgb.height(); y++) {
          for (int x = 0; x < rgb.width(); x++) {
            double luma = 0.299 * rgb.at(f, x, y, 0) + 0.587 * rgb.at(f, x, y, 1) + 0.114 * rgb.at(f, x, y, 2);
            gray[i++] = (byte) Math.round(luma);
          }
        }
      }
      call.emit("gray", call.input().key(), new Frames(rgb.width(), rgb.height(), 1, rgb.first(), gray).encode());
      return null;
    });
  }
}
