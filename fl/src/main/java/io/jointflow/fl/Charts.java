package io.jointflow.fl;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** PNG charts drawn with java.awt (headless): accuracy over time and over cost, cross-cloud bytes. */
final class Charts {
  private Charts() {}

  private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
      new Color(0xFF7F0E), new Color(0x9467BD), new Color(0x8C564B)};
  private static final int W = 800;
  private static final int H = 500;
  private static final int L = 80;
  private static final int R = 170;
  private static final int T = 40;
  private static final int B = 60;

  static List<Path> write(Path dir, List<MethodResult> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path a = dir.resolve("accuracy-time.png");
    line(a, "Held-out accuracy over emulated time", "time units", results, Point::time, Point::accuracy);
    Path b = dir.resolve("accuracy-cost.png");
    line(b, "Held-out accuracy over container rent", "rent", results, Point::cost, Point::accuracy);
    Path c = dir.resolve("cross-cloud-bytes.png");
    line(c, "Model bytes moved between clouds", "time units", results, Point::time, p -> p.crossCloudBytes() / 1e6);
    return List.of(a, b, c);
  }

  private static void line(Path file, String title, String xLabel, List<MethodResult> results,
      ToDoubleFunction<Point> fx, ToDoubleFunction<Point> fy) throws IOException {
    double xMax = 1e-12;
    double yMax = 1e-12;
    for (MethodResult r : results) {
      for (Point p : r.curve()) {
        xMax = Math.max(xMax, fx.applyAsDouble(p));
        yMax = Math.max(yMax, fy.applyAsDouble(p));
      }
    }
    boolean accuracy = title.contains("accuracy");
    if (accuracy) {
      yMax = 1;
    }
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    g.drawString(title, L, 24);
    int pw = W - L - R;
    int ph = H - T - B;
    g.drawRect(L, T, pw, ph);
    for (int i = 0; i <= 5; i++) {
      int x = L + pw * i / 5;
      int y = T + ph - ph * i / 5;
      g.setColor(new Color(0xDDDDDD));
      g.drawLine(L + 1, y, L + pw - 1, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.3g", xMax * i / 5), x - 15, T + ph + 18);
      g.drawString(String.format(Locale.ROOT, "%.3g", yMax * i / 5), L - 50, y + 4);
    }
    g.drawString(xLabel, L + pw / 2 - 30, H - 15);
    g.drawString(accuracy ? "accuracy" : "MB", 10, T - 8);
    g.setStroke(new BasicStroke(2f));
    for (int k = 0; k < results.size(); k++) {
      MethodResult r = results.get(k);
      g.setColor(COLORS[k % COLORS.length]);
      int px = -1;
      int py = -1;
      for (Point p : r.curve()) {
        int x = L + (int) Math.round(pw * fx.applyAsDouble(p) / xMax);
        int y = T + ph - (int) Math.round(ph * fy.applyAsDouble(p) / yMax);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(L + pw + 15, T + 10 + 20 * k, 14, 4);
      g.drawString(r.method(), L + pw + 35, T + 16 + 20 * k);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }
}
