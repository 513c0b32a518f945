package io.jointflow.fl;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled samples as one flat row-major feature array: sample {@code i} is
 * {@code x[i*features .. (i+1)*features)} with label {@code y[i]} in {@code [0, classes)}.
 * Callers must not modify the arrays.
 *
 * @param x features, {@code size() * features} values
 * @param y labels
 * @param features features per sample
 * @param classes number of classes
 */
public record Dataset(float[] x, int[] y, int features, int classes) {
  public Dataset {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (features < 1 || classes < 2 || x.length != (long) y.length * features) {
      throw new IllegalArgumentException("dataset has " + x.length + " values for " + y.length + " samples of "
          + features + " features and " + classes + " classes; expected samples * features values and >= 2 classes");
    }
    for (int label : y) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("dataset label " + label + " is outside [0, " + classes + ")");
      }
    }
  }

  /** Number of samples. */
  public int size() {
    return y.length;
  }

  /** The samples at {@code indices}, copied, in that order. */
  public Dataset subset(int[] indices) {
    float[] sx = new float[indices.length * features];
    int[] sy = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(x, indices[i] * features, sx, i * features, features);
      sy[i] = y[indices[i]];
    }
    return new Dataset(sx, sy, features, classes);
  }

  /** Samples per class. */
  public int[] classCounts() {
    int[] c = new int[classes];
    for (int label : y) {
      c[label]++;
    }
    return c;
  }

  /**
   * A stratified split: of every class, the first {@code testFraction} of a seeded shuffle goes to
   * the second set. Returns {train, test}.
   */
  public Dataset[] split(double testFraction, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    int[] order = Partitions.shuffled(size(), rnd);
    int[] perClass = classCounts();
    int[] taken = new int[classes];
    int[] train = new int[size()];
    int[] test = new int[size()];
    int nTrain = 0;
    int nTest = 0;
    for (int i : order) {
      int c = y[i];
      if (taken[c] < Math.round(perClass[c] * testFraction)) {
        taken[c]++;
        test[nTest++] = i;
      } else {
        train[nTrain++] = i;
      }
    }
    return new Dataset[] {subset(Arrays.copyOf(train, nTrain)), subset(Arrays.copyOf(test, nTest))};
  }

  /** The first {@code n} samples of a seeded shuffle (all if {@code n >= size()}). */
  public Dataset sample(int n, long seed) {
    if (n >= size()) {
      return this;
    }
    return subset(Arrays.copyOf(Partitions.shuffled(size(), new java.util.Random(seed)), n));
  }
}
