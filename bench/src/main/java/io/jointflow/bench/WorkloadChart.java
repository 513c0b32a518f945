package io.jointflow.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG line chart of makespan against size for the two systems of the workloads benchmark: p50 as
 * solid lines with dots, p95 dashed. Drawn with java.awt, headless.
 */
final class WorkloadChart {
  private static final int W = 720;
  private static final int H = 440;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  /** One system's points: sizes and their p50 and p95 in ms. */
  record Series(String label, Color color, List<Integer> sizes, List<Double> p50, List<Double> p95) {}

  private WorkloadChart() {}

  static void write(Path file, String title, String xLabel, List<Series> series) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    List<Integer> sizes = series.get(0).sizes();
    double max = series.stream().flatMap(s -> s.p95().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
    double yMax = niceCeiling(max * 1.1);
    boolean log = sizes.size() > 2 && sizes.get(sizes.size() - 1) / (double) sizes.get(0) >= 16;
    double x0 = log ? Math.log(sizes.get(0)) : sizes.get(0);
    double x1 = log ? Math.log(sizes.get(sizes.size() - 1)) : sizes.get(sizes.size() - 1);
    if (x1 == x0) {
      x0 -= 1;
      x1 += 1;
    }
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double v = yMax * i / 5;
      int y = TOP + ph - (int) Math.round(ph * v / yMax);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(LEFT, y, LEFT + pw, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.0f", v), LEFT - 45, y + 4);
    }
    for (int s : sizes) {
      int x = LEFT + (int) Math.round(pw * ((log ? Math.log(s) : s) - x0) / (x1 - x0));
      g.drawLine(x, TOP + ph, x, TOP + ph + 5);
      g.drawString(Integer.toString(s), x - 8, TOP + ph + 20);
    }
    g.drawLine(LEFT, TOP + ph, LEFT + pw, TOP + ph);
    g.drawLine(LEFT, TOP, LEFT, TOP + ph);
    g.drawString(xLabel + (log ? " (log scale)" : ""), LEFT + pw / 2 - 40, H - 18);
    g.rotate(-Math.PI / 2);
    g.drawString("makespan, ms", -(TOP + ph / 2 + 40), 22);
    g.rotate(Math.PI / 2);
    int legend = 0;
    for (Series s : series) {
      for (int pass = 0; pass < 2; pass++) {
        List<Double> ys = pass == 0 ? s.p50() : s.p95();
        g.setColor(s.color());
        g.setStroke(pass == 0 ? new BasicStroke(2.2f)
            : new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        int px = -1;
        int py = -1;
        for (int i = 0; i < s.sizes().size(); i++) {
          int x = LEFT + (int) Math.round(pw * ((log ? Math.log(s.sizes().get(i)) : s.sizes().get(i)) - x0) / (x1 - x0));
          int y = TOP + ph - (int) Math.round(ph * ys.get(i) / yMax);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          if (pass == 0) {
            g.fillOval(x - 4, y - 4, 8, 8);
          }
          px = x;
          py = y;
        }
      }
      g.setStroke(new BasicStroke(2.2f));
      int ly = TOP + 10 + 18 * legend++;
      g.drawLine(LEFT + 15, ly, LEFT + 40, ly);
      g.setColor(Color.BLACK);
      g.drawString(s.label() + " (p50 solid, p95 dashed)", LEFT + 48, ly + 4);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static double niceCeiling(double v) {
    double mag = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * mag >= v) {
        return step * mag;
      }
    }
    return 10 * mag;
  }
}
