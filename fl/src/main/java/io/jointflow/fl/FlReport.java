package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The comparison of the methods of a run: a text table (accuracy at the budget, time, cost and
 * cross-cloud bytes to the target accuracy), NebulaFL against the targets, a CSV of the
 * curves and PNG charts (accuracy over time and over cost, cross-cloud bytes).
 */
public final class FlReport {
  private FlReport() {}

  /** The text report. */
  public static String text(String name, FlSetup s, List<MethodResult> results, double target) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "fl job '%s': %d data centers %s x %d owners, %d training / %d test samples,"
        + " budget %.0f time units, target accuracy %.2f%n%n", name, s.dataCenters().size(), s.dataCenters(),
        s.partition().length / s.dataCenters().size(), s.train().size(), s.test().size(), s.options().budget(), target));
    b.append(String.format(Locale.ROOT, "%-11s %6s %6s %9s %10s %13s %13s %9s %6s %5s %5s %12s %12s%n", "method", "final",
        "best", "t@target", "cost@target", "bytes@target", "bytes@budget", "transfers", "jobs", "lost", "rej",
        "rent", "faas-cost"));
    for (MethodResult r : results) {
      Point t = r.firstReaching(target);
      b.append(String.format(Locale.ROOT, "%-11s %6.3f %6.3f %9s %10s %13s %13d %9d %6d %5d %5d %12.4g %12.4g%n",
          r.method(), r.last().accuracy(), r.bestAccuracy(), t == null ? "-" : fmt(t.time()),
          t == null ? "-" : String.format(Locale.ROOT, "%.4g", t.cost()), t == null ? "-" : String.valueOf(t.crossCloudBytes()),
          r.last().crossCloudBytes(), r.transfers(), r.jobs(), r.lost(), r.rejected(), r.last().cost(), r.spanCost()));
    }
    b.append('\n').append(targets(results, target));
    return b.toString();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  /** NebulaFL against the targets, each met or missed by how much. */
  static String targets(List<MethodResult> results, double target) {
    MethodResult neb = results.stream().filter(r -> r.method().equals("nebulafl")).findFirst().orElse(null);
    List<MethodResult> base = results.stream().filter(r -> !r.method().equals("nebulafl")).toList();
    if (neb == null || base.isEmpty()) {
      return "targets: need nebulafl and at least one baseline\n";
    }
    StringBuilder b = new StringBuilder("targets (the paper's claims, measured against the baselines here):\n");
    MethodResult best = base.stream().max(java.util.Comparator.comparingDouble(r -> r.last().accuracy())).get();
    double gain = 100 * (neb.last().accuracy() - best.last().accuracy());
    b.append(String.format(Locale.ROOT, "  accuracy at the budget >= best baseline + 3 points: %+.1f points vs %s -> %s%n",
        gain, best.method(), gain >= 3 ? "met" : "missed by " + String.format(Locale.ROOT, "%.1f", 3 - gain) + " points"));
    for (String hub : List.of("fedavg", "hierfedavg")) {
      base.stream().filter(r -> r.method().equals(hub)).findFirst().ifPresent(h -> {
        double saving = 1 - (double) neb.last().crossCloudBytes() / Math.max(1, h.last().crossCloudBytes());
        b.append(String.format(Locale.ROOT, "  cross-cloud bytes at the budget >= 50%% below %s (hub-and-spoke): %.0f%%"
            + " below -> %s%n", hub, 100 * saving, saving >= 0.5 ? "met" : "missed"));
      });
    }
    Point nt = neb.firstReaching(target);
    MethodResult cheapest = null;
    for (MethodResult r : base) {
      Point p = r.firstReaching(target);
      if (p != null && (cheapest == null || p.cost() < cheapest.firstReaching(target).cost())) {
        cheapest = r;
      }
    }
    if (nt == null) {
      b.append("  cost to the target accuracy >= 50% lower: nebulafl did not reach the target -> missed\n");
    } else if (cheapest == null) {
      b.append("  cost to the target accuracy >= 50% lower: no baseline reached the target -> met (trivially)\n");
    } else {
      double saving = 1 - nt.cost() / cheapest.firstReaching(target).cost();
      b.append(String.format(Locale.ROOT, "  cost to the target accuracy >= 50%% below the cheapest baseline (%s):"
          + " %.0f%% below -> %s%n", cheapest.method(), 100 * saving, saving >= 0.5 ? "met" : "missed"));
    }
    return b.toString();
  }

  /** Writes report.txt, curves.csv and the charts into {@code dir}; returns the files written. */
  public static List<Path> write(Path dir, String name, FlSetup s, List<MethodResult> results, double target) {
    try {
      Files.createDirectories(dir);
      Path txt = dir.resolve("report.txt");
      Files.writeString(txt, text(name, s, results, target));
      StringBuilder csv = new StringBuilder("method,time,cost,cross_cloud_bytes,accuracy\n");
      for (MethodResult r : results) {
        for (Point p : r.curve()) {
          csv.append(String.format(Locale.ROOT, "%s,%.3f,%.6g,%d,%.4f%n", r.method(), p.time(), p.cost(),
              p.crossCloudBytes(), p.accuracy()));
        }
      }
      Path curves = dir.resolve("curves.csv");
      Files.writeString(curves, csv);
      List<Path> charts = Charts.write(dir, results);
      java.util.ArrayList<Path> all = new java.util.ArrayList<>(List.of(txt, curves));
      all.addAll(charts);
      return all;
    } catch (IOException e) {
      throw new JointflowException("fl report directory '" + dir + "' cannot be written: " + e.getMessage(), e);
    }
  }
}
