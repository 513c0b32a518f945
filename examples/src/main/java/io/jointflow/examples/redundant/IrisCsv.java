package io.jointflow.examples.redundant;

import io.jointflow.function.TerminalException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code sepal_length,sepal_width,petal_length,petal_width,species} rows. */
final class IrisCsv {
  private IrisCsv() {}

  /**
   * The flowers of the file, in file order; the header row is skipped.
   *
   * @throws TerminalException naming the line of a malformed row
   */
  static List<Iris.Flower> parse(String csv) {
    List<Iris.Flower> flowers = new ArrayList<>();
    String[] lines = csv.split("\\R");
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] f = lines[i].split(",");
      try {
        if (f.length != 5) {
          throw new NumberFormatException("expected 5 fields, found " + f.length);
        }
        double[] x = new double[4];
        for (int k = 0; k < 4; k++) {
          x[k] = Double.parseDouble(f[k].strip());
        }
        flowers.add(new Iris.Flower(x, f[4].strip()));
      } catch (NumberFormatException e) {
        throw new TerminalException("iris data line " + (i + 1) + " is malformed (" + e.getMessage()
            + "): '" + lines[i] + "'");
      }
    }
    if (flowers.size() < 5) {
      throw new TerminalException("iris data has " + flowers.size() + " rows; at least 5 are needed");
    }
    return flowers;
  }
}
