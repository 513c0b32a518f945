package io.jointflow.examples.fanout;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Mean births per day of the week, Monday first; emitted as {@code weekdays} into {@code stats}. */
public class ByWeekday implements Handler {
  @Override
  public Object handle(Call call) {
    long[] births = new long[8];
    long[] days = new long[8];
    for (Births.Day d : call.input().as(Births.Series.class).days()) {
      births[d.weekday()] += d.births();
      days[d.weekday()]++;
    }
    List<Births.WeekdayMean> means = new ArrayList<>();
    for (int w = 1; w <= 7; w++) {
      if (days[w] > 0) {
        String name = DayOfWeek.of(w).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        means.add(new Births.WeekdayMean(name, (double) births[w] / days[w]));
      }
    }
    call.emit("stats", "weekdays", means.toArray(Births.WeekdayMean[]::new));
    return null;
  }
}
