package io.jointflow.examples.fanout;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.List;

/**
 * The result: the three statistics, delivered by the {@code by-set} trigger in set order
 * ({@code summary}, {@code weekdays}, {@code years}) whatever order they were finished in.
 */
public class Report implements Handler {
  @Override
  public Object handle(Call call) {
    return new Births.Report(call.input("summary").as(Births.Summary.class),
        List.of(call.input("weekdays").as(Births.WeekdayMean[].class)),
        List.of(call.input("years").as(Births.YearTotal[].class)));
  }
}
