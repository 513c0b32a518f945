package io.jointflow.examples.fanout;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;

/**
 * Joins the chunk summaries (however many the run chose) into the {@link Births.Summary} of the
 * whole series, emitted as {@code summary} into bucket {@code stats}. Sums are exact integers, so
 * the result does not depend on the number of chunks.
 */
public class Merge implements Handler {
  @Override
  public Object handle(Call call) {
    long days = 0;
    long births = 0;
    long squares = 0;
    Births.Extreme min = null;
    Births.Extreme max = null;
    for (Obj o : call.inputs()) {
      Births.Partial p = o.as(Births.Partial.class);
      days += p.days();
      births += p.births();
      squares = Math.addExact(squares, p.squares());
      min = fewer(min, p.min());
      max = more(max, p.max());
    }
    double mean = (double) births / days;
    // n * sum(x^2) - (sum x)^2 = n^2 * variance, exact in longs for this data
    long spread = Math.subtractExact(Math.multiplyExact(days, squares), Math.multiplyExact(births, births));
    double stddev = Math.sqrt((double) spread) / days;
    call.emit("stats", "summary",
        new Births.Summary(days, births, mean, stddev, min, max, call.inputs().size()));
    return null;
  }

  /** The day with fewer births; on a tie the earlier one. {@code null} counts as absent. */
  static Births.Extreme fewer(Births.Extreme a, Births.Extreme b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    int c = Integer.compare(a.births(), b.births());
    return c < 0 || c == 0 && a.date().compareTo(b.date()) <= 0 ? a : b;
  }

  /** The day with more births; on a tie the earlier one. */
  static Births.Extreme more(Births.Extreme a, Births.Extreme b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    int c = Integer.compare(a.births(), b.births());
    return c > 0 || c == 0 && a.date().compareTo(b.date()) <= 0 ? a : b;
  }
}
