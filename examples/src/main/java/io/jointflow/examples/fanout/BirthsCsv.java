package io.jointflow.examples.fanout;

import io.jointflow.function.TerminalException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code year,month,date_of_month,day_of_week,births} rows, as in the CDC data set. */
final class BirthsCsv {
  static final String HEADER = "year,month,date_of_month,day_of_week,births";

  private BirthsCsv() {}

  /**
   * The days of the file, in file order.
   *
   * @throws TerminalException naming the line of a malformed row or a wrong header
   */
  static List<Births.Day> parse(String csv) {
    List<Births.Day> days = new ArrayList<>();
    String[] lines = csv.split("\\R");
    if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
      throw new TerminalException("births data must start with the header '" + HEADER + "': '"
          + (lines.length == 0 ? "" : lines[0]) + "'");
    }
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] f = lines[i].split(",");
      try {
        if (f.length != 5) {
          throw new NumberFormatException("expected 5 fields, found " + f.length);
        }
        int[] v = new int[5];
        for (int k = 0; k < 5; k++) {
          v[k] = Integer.parseInt(f[k].strip());
        }
        if (v[3] < 1 || v[3] > 7) {
          throw new NumberFormatException("day_of_week must be 1 to 7, found " + v[3]);
        }
        days.add(new Births.Day("%04d-%02d-%02d".formatted(v[0], v[1], v[2]), v[3], v[4]));
      } catch (NumberFormatException e) {
        throw new TerminalException("births data line " + (i + 1) + " is malformed (" + e.getMessage()
            + "): '" + lines[i] + "'");
      }
    }
    if (days.isEmpty()) {
      throw new TerminalException("births data has no rows after its header");
    }
    return days;
  }
}
