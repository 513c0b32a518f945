package io.jointflow.examples.fanout;

import java.util.List;

/** The values the births example passes between its functions and returns. */
public final class Births {
  private Births() {}

  /**
   * The births of one day.
   *
   * @param date ISO date, e.g. {@code 1969-01-01}
   * @param weekday 1 = Monday ... 7 = Sunday
   * @param births live births that day
   */
  public record Day(String date, int weekday, int births) {
    /** The year of {@link #date()}. */
    int year() {
      return Integer.parseInt(date.substring(0, 4));
    }
  }

  /**
   * A contiguous slice of the series for one {@code summarize} instance.
   *
   * @param index the slice's number
   * @param days its days
   */
  public record Chunk(int index, List<Day> days) {}

  /**
   * The whole series, for the analyses that need every day.
   *
   * @param days every day, in date order
   */
  public record Series(List<Day> days) {}

  /**
   * A day with the fewest or most births; ties go to the earlier date.
   *
   * @param date ISO date
   * @param births births that day
   */
  public record Extreme(String date, int births) {}

  /**
   * Sums over some days, from which the summary follows; two partials combine exactly.
   *
   * @param days days counted
   * @param births sum of births
   * @param squares sum of squared births
   * @param min the day with the fewest births
   * @param max the day with the most births
   */
  public record Partial(long days, long births, long squares, Extreme min, Extreme max) {}

  /**
   * Statistics of the whole series.
   *
   * @param days days in the series
   * @param births births in total
   * @param mean mean births per day
   * @param stddev population standard deviation of births per day
   * @param min the day with the fewest births
   * @param max the day with the most births
   * @param chunks how many chunks were summarized in parallel
   */
  public record Summary(long days, long births, double mean, double stddev, Extreme min, Extreme max,
      int chunks) {}

  /**
   * Mean births on one day of the week.
   *
   * @param weekday {@code Monday} ... {@code Sunday}
   * @param mean mean births on that weekday
   */
  public record WeekdayMean(String weekday, double mean) {}

  /**
   * Births in one calendar year.
   *
   * @param year the year
   * @param births births in that year
   */
  public record YearTotal(int year, long births) {}

  /**
   * The result of the births example.
   *
   * @param summary statistics of the whole series
   * @param weekdays mean births per weekday, Monday first
   * @param years births per year, in order
   */
  public record Report(Summary summary, List<WeekdayMean> weekdays, List<YearTotal> years) {}
}
