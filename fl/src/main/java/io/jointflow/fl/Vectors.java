package io.jointflow.fl;

/** Operations on flat parameter vectors used by the aggregation rules. */
final class Vectors {
  private Vectors() {}

  /** {@code target = (1 - a) * target + a * other}, in place. */
  static void mixInto(float[] target, float[] other, double a) {
    float fa = (float) a;
    float fb = 1f - fa;
    for (int i = 0; i < target.length; i++) {
      target[i] = fb * target[i] + fa * other[i];
    }
  }

  /** {@code (1 - a) * x + a * y}, new. */
  static float[] mix(float[] x, float[] y, double a) {
    float[] r = x.clone();
    mixInto(r, y, a);
    return r;
  }

  /** {@code sum_k w_k * xs_k / sum_k w_k}; weights must not all be 0. */
  static float[] weightedAverage(float[][] xs, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    float[] r = new float[xs[0].length];
    for (int k = 0; k < xs.length; k++) {
      if (weights[k] == 0) {
        continue;
      }
      float f = (float) (weights[k] / total);
      float[] x = xs[k];
      for (int i = 0; i < r.length; i++) {
        r[i] += f * x[i];
      }
    }
    return r;
  }

  /** {@code target += a * x}, in place. */
  static void axpy(float[] target, float[] x, double a) {
    float fa = (float) a;
    for (int i = 0; i < target.length; i++) {
      target[i] += fa * x[i];
    }
  }

  /** {@code x - y}, new. */
  static float[] minus(float[] x, float[] y) {
    float[] r = new float[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] - y[i];
    }
    return r;
  }
}
