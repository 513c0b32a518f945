package io.jointflow.bench;

/** How a measure is shown: a name and the number of nanoseconds per unit (0 for rates and counts). */
enum Unit {
  MICROS("us", 1e3),
  MILLIS("ms", 1e6),
  SECONDS("s", 1e9),
  PER_SECOND("/s", 0),
  BYTES("B", 0),
  RATIO("x", 0),
  COUNT("", 0);

  private final String symbol;
  private final double nanos;

  Unit(String symbol, double nanos) {
    this.symbol = symbol;
    this.nanos = nanos;
  }

  String symbol() {
    return symbol;
  }

  /** Nanoseconds in this unit; only for time units. */
  double fromNanos(long ns) {
    if (nanos == 0) {
      throw new IllegalStateException(this + " is not a time unit");
    }
    return ns / nanos;
  }

  String format(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    double a = Math.abs(v);
    String num = a >= 1000 ? String.format("%,.0f", v)
        : a >= 100 ? String.format("%.0f", v)
        : a >= 10 ? String.format("%.1f", v)
        : String.format("%.2f", v);
    return symbol.isEmpty() ? num : symbol.startsWith("/") || symbol.equals("x") ? num + symbol : num + " " + symbol;
  }
}
