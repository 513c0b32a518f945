package io.jointflow.examples.video;

import java.util.List;

/** The values the video analytics workload passes between its functions and returns. */
public final class Video {
  private Video() {}

  /**
   * What image processing found in one frame.
   *
   * @param index the frame's number in the video
   * @param brightness mean gray level, 0..255
   * @param edges the share of pixels whose Sobel gradient magnitude exceeds {@code 100}
   * @param x column of the centroid of the bright pixels (gray > 150), -1 if none
   * @param y row of that centroid, -1 if none
   * @param motion mean absolute gray difference to the previous frame of the chunk (0 for its first)
   */
  public record FrameFeatures(int index, double brightness, double edges, double x, double y, double motion) {}

  /**
   * One chunk's features.
   *
   * @param chunk the chunk's number
   * @param frames per frame, in order
   * @param edgeHistogram 16 bins of Sobel magnitude (0..1020 in steps of 64) over the chunk's frames
   */
  public record ChunkFeatures(int chunk, List<FrameFeatures> frames, long[] edgeHistogram) {}

  /** The whole video's features, in frame order, for the model step. */
  public record Batch(List<FrameFeatures> frames, long[] edgeHistogram, int chunks) {}

  /**
   * The model step's verdict.
   *
   * @param frames frames seen
   * @param chunks chunks they came in
   * @param moving whether an object crosses the picture
   * @param confidence the model's probability of {@code moving}
   * @param dx how far the object's centroid moved from the first to the last frame (pixels)
   * @param label {@code moving-object}, {@code static-object} or {@code empty}
   */
  public record Verdict(int frames, int chunks, boolean moving, double confidence, double dx, String label) {}
}
