package io.jointflow.bench;

/**
 * The completions of a closed-loop load, numbered in the order they happen: the first {@code
 * warmup} are warm-up, the next {@code parts * perPart} are measured, in {@code parts} parts of
 * equal count; later ones are counted but not measured. A part's rate is its count divided by the
 * time from the last completion before it to its own last completion, so every part has the same
 * number of samples whatever the speed of the machine. Thread safe.
 */
final class Completions {
  private final int warmup;
  private final int parts;
  private final int perPart;
  private final Runnable onWarm;
  private final Runnable onMeasured;
  /** endedAt[n] = when completion n (1-based) happened, for n up to the last measured one. */
  private final long[] endedAt;
  private final long[] latency;
  private long count;

  /**
   * @param onWarm runs when the last warm-up completion is recorded (under this object's lock)
   * @param onMeasured runs when the last measured completion is recorded (under this object's lock)
   */
  Completions(int warmup, int parts, int perPart, Runnable onWarm, Runnable onMeasured) {
    if (warmup < 1 || parts < 1 || perPart < 1) {
      throw new IllegalArgumentException("completions need at least one warm-up run and one run per part: warmup "
          + warmup + ", parts " + parts + ", per part " + perPart);
    }
    this.warmup = warmup;
    this.parts = parts;
    this.perPart = perPart;
    this.onWarm = onWarm;
    this.onMeasured = onMeasured;
    this.endedAt = new long[warmup + measured() + 1];
    this.latency = new long[measured()];
  }

  /** The number of measured completions. */
  int measured() {
    return parts * perPart;
  }

  /** Records a run that took {@code nanos} and ended at {@code endedAt} ({@link System#nanoTime()}). */
  synchronized void add(long endedAt, long nanos) {
    long n = ++count;
    if (n > warmup + measured()) {
      return;
    }
    this.endedAt[(int) n] = endedAt;
    if (n > warmup) {
      latency[(int) (n - warmup - 1)] = nanos;
    }
    if (n == warmup) {
      onWarm.run();
    }
    if (n == warmup + measured()) {
      onMeasured.run();
    }
  }

  /** Whether every measured completion has been recorded (the load may stop). */
  synchronized boolean done() {
    return count >= warmup + measured();
  }

  /** All completions recorded, measured or not. */
  synchronized long count() {
    return count;
  }

  /** Per part, {@code unitsPerRun} times its completions per second. */
  synchronized double[] partRates(double unitsPerRun) {
    requireDone();
    double[] rates = new double[parts];
    for (int p = 0; p < parts; p++) {
      long from = endedAt[warmup + p * perPart];
      long to = endedAt[warmup + (p + 1) * perPart];
      rates[p] = perPart * unitsPerRun / (Math.max(1, to - from) / 1e9);
    }
    return rates;
  }

  /** Seconds from the end of the warm-up to the last measured completion. */
  synchronized double measuredSeconds() {
    requireDone();
    return (endedAt[warmup + measured()] - endedAt[warmup]) / 1e9;
  }

  /** The latencies of the measured runs. */
  synchronized Samples latencies() {
    requireDone();
    return Samples.of(latency);
  }

  private void requireDone() {
    if (count < warmup + measured()) {
      throw new IllegalStateException("only " + count + " of " + (warmup + measured()) + " runs completed");
    }
  }
}
