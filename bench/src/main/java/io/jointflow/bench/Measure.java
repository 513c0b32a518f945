package io.jointflow.bench;

/**
 * One reported number of a benchmark: a median, p95 and p99 (both NaN for single values such as a rate)
 * with the baseline's median measured in the same run and the ratio of the two.
 *
 * @param mode ephemeral, exactly-once, or "-" for baselines
 * @param metric what was measured, e.g. "hop (return -> handler start)"
 * @param n number of samples behind median and p99
 * @param baseline name of the baseline, or null
 * @param baselineMedian the baseline's median in the same unit, or NaN
 */
record Measure(String mode, String metric, Unit unit, int n, double median, double p95, double p99,
    String baseline, double baselineMedian) {

  /** A latency measure from samples. */
  static Measure latency(String mode, String metric, Unit unit, Samples s, String baseline, Samples base) {
    return new Measure(mode, metric, unit, s.n(), unit.fromNanos(s.median()), unit.fromNanos(s.percentile(0.95)),
        unit.fromNanos(s.p99()),
        baseline, base == null ? Double.NaN : unit.fromNanos(base.median()));
  }

  /** A single value (a rate, a count) with an optional baseline value. */
  static Measure value(String mode, String metric, Unit unit, int n, double value, String baseline,
      double baselineValue) {
    return new Measure(mode, metric, unit, n, value, Double.NaN, Double.NaN, baseline, baselineValue);
  }

  /** median / baseline median, NaN without a baseline. */
  double ratio() {
    return baseline == null || Double.isNaN(baselineMedian) || baselineMedian == 0 ? Double.NaN
        : median / baselineMedian;
  }
}
