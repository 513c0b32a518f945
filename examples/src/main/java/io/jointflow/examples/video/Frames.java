package io.jointflow.examples.video;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A run of video frames as bytes: a 16-byte header (width, height, channels, index of the first
 * frame) and then every frame's pixels, row by row, {@code channels} bytes each (3 = RGB, 1 = gray).
 */
public record Frames(int width, int height, int channels, int first, byte[] pixels) {
  /** The video's width and height in pixels. */
  public static final int WIDTH = 64;
  /** The video's height in pixels. */
  public static final int HEIGHT = 48;
  /** The side of the moving square. */
  static final int SQUARE = 8;

  /** How many frames it holds. */
  public int count() {
    return pixels.length / (width * height * channels);
  }

  /** The value of channel {@code c} of pixel (x, y) of frame {@code f} (0..255). */
  int at(int f, int x, int y, int c) {
    return pixels[((f * height + y) * width + x) * channels + c] & 0xff;
  }

  /** The encoded form. */
  public byte[] encode() {
    return ByteBuffer.allocate(16 + pixels.length).putInt(width).putInt(height).putInt(channels).putInt(first)
        .put(pixels).array();
  }

  /** Decodes {@link #encode}'s form. */
  public static Frames decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int w = b.getInt();
    int h = b.getInt();
    int c = b.getInt();
    int first = b.getInt();
    byte[] px = new byte[b.remaining()];
    b.get(px);
    return new Frames(w, h, c, first, px);
  }

  /**
   * Frames {@code from} (inclusive) to {@code to} of a generated RGB video: dark noise with a bright
   * square that crosses the picture from left to right ({@code moving}) or stays in the middle. The
   * same seed gives the same video.
   */
  public static Frames generate(long seed, int from, int to, int total, boolean moving) {
    int n = to - from;
    byte[] px = new byte[n * WIDTH * HEIGHT * 3];
    for (int f = 0; f < n; f++) {
      int frame = from + f;
      SplittableRandom noise = new SplittableRandom(seed * 1_000_003L + frame);
      int sx = moving ? squareX(frame, total) : (WIDTH - SQUARE) / 2;
      int sy = HEIGHT / 2 - SQUARE / 2 + (moving ? (int) Math.round(4 * Math.sin(frame * 0.3)) : 0);
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          int i = ((f * HEIGHT + y) * WIDTH + x) * 3;
          boolean in = x >= sx && x < sx + SQUARE && y >= sy && y < sy + SQUARE;
          px[i] = (byte) (in ? 240 : 20 + noise.nextInt(30));
          px[i + 1] = (byte) (in ? 220 : 20 + noise.nextInt(30));
          px[i + 2] = (byte) (in ? 60 : 30 + noise.nextInt(30));
        }
      }
    }
    return new Frames(WIDTH, HEIGHT, 3, from, px);
  }

  /** Where the moving square's left edge is in {@code frame} of {@code total}. */
  static int squareX(int frame, int total) {
    return 2 + (WIDTH - SQUARE - 4) * frame / Math.max(1, total - 1);
  }
}
