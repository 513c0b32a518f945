package io.jointflow.examples.fanout;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.Map;
import java.util.TreeMap;

/** Births per calendar year, in order; emitted as {@code years} into {@code stats}. */
public class ByYear implements Handler {
  @Override
  public Object handle(Call call) {
    Map<Integer, Long> years = new TreeMap<>();
    for (Births.Day d : call.input().as(Births.Series.class).days()) {
      years.merge(d.year(), (long) d.births(), Long::sum);
    }
    call.emit("stats", "years", years.entrySet().stream()
        .map(e -> new Births.YearTotal(e.getKey(), e.getValue()))
        .toArray(Births.YearTotal[]::new));
    return null;
  }
}
