package io.jointflow.bench;

/**
 * A target from the performance issue and whether the measurement meets it.
 *
 * @param mode the mode the target applies to
 * @param what what is compared, e.g. "hop p50"
 * @param measured the measured value, in {@code unit}
 * @param atMost true for "measured <= limit" (latencies), false for "measured >= limit" (rates)
 * @param limit the target
 */
record Target(String mode, String what, Unit unit, double measured, boolean atMost, double limit) {

  static Target atMost(String mode, String what, Unit unit, double measured, double limit) {
    return new Target(mode, what, unit, measured, true, limit);
  }

  static Target atLeast(String mode, String what, Unit unit, double measured, double limit) {
    return new Target(mode, what, unit, measured, false, limit);
  }

  boolean met() {
    return atMost ? measured <= limit : measured >= limit;
  }

  /** "<= 20 us" */
  String limitText() {
    return (atMost ? "<= " : ">= ") + unit.format(limit);
  }

  /** "met (3.1x headroom)" or "MISSED by 40 us (2.0x the target)". */
  String verdict() {
    if (met() && (atMost ? measured <= 0 : limit <= 0)) {
      return "met";
    }
    if (met()) {
      double headroom = atMost ? limit / measured : measured / limit;
      return String.format("met (%.1fx headroom)", headroom);
    }
    double by = Math.abs(measured - limit);
    double factor = atMost ? measured / limit : limit / measured;
    return String.format("MISSED by %s (%.1fx %s)", unit.format(by), factor, atMost ? "over" : "short");
  }
}
