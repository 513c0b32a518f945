package io.jointflow.bench;

import java.util.Arrays;

/**
 * Sorted latency samples in nanoseconds, with nearest-rank percentiles. With fewer than 100
 * samples the p99 is the maximum.
 */
record Samples(long[] sorted) {

  Samples {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("samples must not be empty");
    }
  }

  /** Sorts a copy of the first {@code n} values. */
  static Samples of(long[] nanos, int n) {
    long[] copy = Arrays.copyOf(nanos, n);
    Arrays.sort(copy);
    return new Samples(copy);
  }

  static Samples of(long[] nanos) {
    return of(nanos, nanos.length);
  }

  int n() {
    return sorted.length;
  }

  /** Nearest-rank percentile, {@code q} in (0, 1]. */
  long percentile(double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  long median() {
    return percentile(0.5);
  }

  long p99() {
    return percentile(0.99);
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  double mean() {
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }
}
