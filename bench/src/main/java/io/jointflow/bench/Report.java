package io.jointflow.bench;

import java.util.List;
import java.util.Locale;

/** Renders a benchmark run as Markdown (for people) and JSON (for tools). */
final class Report {
  private Report() {}

  /** A benchmark that threw instead of reporting: its name and the reason. */
  record Failure(String name, String reason) {}

  static String markdown(MachineInfo m, List<BenchResult> results, List<Failure> failures, String loadAtEnd) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Jointflow benchmarks, ").append(m.date()).append("\n\n");
    sb.append("Command: `").append(m.command()).append("`\n\n");
    sb.append("| | |\n|---|---|\n");
    row(sb, "Date (UTC)", m.date());
    row(sb, "Git commit", m.commit());
    row(sb, "CPUs (nproc)", m.cpus() + " × " + m.cpuModel());
    row(sb, "Memory", m.memory());
    row(sb, "JDK", m.jdk());
    row(sb, "JVM options", m.jvmOptions().isEmpty() ? "(none)" : "`" + m.jvmOptions() + "`");
    row(sb, "Kernel", m.kernel());
    row(sb, "Load average (1/5/15 min)", "start " + m.loadAtStart() + ", end " + loadAtEnd);
    sb.append("\nLatencies are medians, p95 and p99 (nearest rank) of System.nanoTime() samples after warm-up."
        + " Ratio = median ÷ the baseline's median, both measured in this run on this machine.\n");

    sb.append("\n## Targets\n\n| Benchmark | Mode | Target | Measured | Verdict |\n|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      for (Target t : r.targets()) {
        sb.append("| ").append(r.name()).append(" | ").append(t.mode()).append(" | ").append(t.what()).append(' ')
            .append(t.limitText()).append(" | ").append(t.unit().format(t.measured())).append(" | ")
            .append(t.met() ? t.verdict() : "**" + t.verdict() + "**").append(" |\n");
      }
    }
    for (Failure f : failures) {
      sb.append("| ").append(f.name()).append(" | | | | **FAILED: ").append(f.reason().replace("|", "/")).append("** |\n");
    }
    for (BenchResult r : results) {
      sb.append("\n## ").append(r.name()).append(": ").append(r.title())
          .append(String.format(Locale.ROOT, " (%.1f s)%n%n", r.seconds()));
      sb.append(table(r.measures()));
      sb.append('\n');
      for (String n : r.notes()) {
        sb.append("* ").append(n).append('\n');
      }
    }
    return sb.toString();
  }

  /** The measures of one benchmark as a Markdown table (also printed to the console). */
  static String table(List<Measure> measures) {
    StringBuilder sb = new StringBuilder();
    sb.append("| Mode | Metric | n | Median | p95 | p99 | Baseline (median) | Ratio |\n|---|---|---:|---:|---:|---:|---|---:|\n");
    for (Measure x : measures) {
      sb.append("| ").append(x.mode()).append(" | ").append(x.metric()).append(" | ").append(x.n()).append(" | ")
          .append(x.unit().format(x.median())).append(" | ").append(x.unit().format(x.p95())).append(" | ")
          .append(x.unit().format(x.p99())).append(" | ")
          .append(x.baseline() == null ? "" : x.baseline() + ": " + x.unit().format(x.baselineMedian()))
          .append(" | ").append(Double.isNaN(x.ratio()) ? "" : String.format(Locale.ROOT, "%.2f×", x.ratio()))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("| ").append(k).append(" | ").append(v.replace("|", "/")).append(" |\n");
  }

  static String json(MachineInfo m, List<BenchResult> results, List<Failure> failures, String loadAtEnd) {
    StringBuilder sb = new StringBuilder("{\n");
    field(sb, 1, "command", m.command()).append(",\n");
    field(sb, 1, "date", m.date()).append(",\n");
    field(sb, 1, "commit", m.commit()).append(",\n");
    indent(sb, 1).append("\"machine\": {");
    field(sb, 0, "cpus", m.cpus()).append(", ");
    field(sb, 0, "cpuModel", m.cpuModel()).append(", ");
    field(sb, 0, "memory", m.memory()).append(", ");
    field(sb, 0, "jdk", m.jdk()).append(", ");
    field(sb, 0, "jvmOptions", m.jvmOptions()).append(", ");
    field(sb, 0, "kernel", m.kernel()).append(", ");
    field(sb, 0, "loadAtStart", m.loadAtStart()).append(", ");
    field(sb, 0, "loadAtEnd", loadAtEnd).append("},\n");
    indent(sb, 1).append("\"benchmarks\": [");
    for (int i = 0; i < results.size(); i++) {
      BenchResult r = results.get(i);
      sb.append(i == 0 ? "\n" : ",\n");
      indent(sb, 2).append("{");
      field(sb, 0, "name", r.name()).append(", ");
      field(sb, 0, "title", r.title()).append(", ");
      field(sb, 0, "seconds", r.seconds()).append(",\n");
      indent(sb, 3).append("\"measures\": [");
      for (int j = 0; j < r.measures().size(); j++) {
        Measure x = r.measures().get(j);
        sb.append(j == 0 ? "\n" : ",\n");
        indent(sb, 4).append('{');
        field(sb, 0, "mode", x.mode()).append(", ");
        field(sb, 0, "metric", x.metric()).append(", ");
        field(sb, 0, "unit", x.unit().symbol()).append(", ");
        field(sb, 0, "n", x.n()).append(", ");
        field(sb, 0, "median", x.median()).append(", ");
        field(sb, 0, "p95", x.p95()).append(", ");
        field(sb, 0, "p99", x.p99()).append(", ");
        field(sb, 0, "baseline", x.baseline()).append(", ");
        field(sb, 0, "baselineMedian", x.baselineMedian()).append(", ");
        field(sb, 0, "ratio", x.ratio()).append('}');
      }
      sb.append("],\n");
      indent(sb, 3).append("\"targets\": [");
      for (int j = 0; j < r.targets().size(); j++) {
        Target t = r.targets().get(j);
        sb.append(j == 0 ? "\n" : ",\n");
        indent(sb, 4).append('{');
        field(sb, 0, "mode", t.mode()).append(", ");
        field(sb, 0, "what", t.what()).append(", ");
        field(sb, 0, "unit", t.unit().symbol()).append(", ");
        field(sb, 0, "measured", t.measured()).append(", ");
        field(sb, 0, "op", t.atMost() ? "<=" : ">=").append(", ");
        field(sb, 0, "limit", t.limit()).append(", ");
        field(sb, 0, "met", t.met()).append(", ");
        field(sb, 0, "verdict", t.verdict()).append('}');
      }
      sb.append("],\n");
      indent(sb, 3).append("\"notes\": [");
      for (int j = 0; j < r.notes().size(); j++) {
        sb.append(j == 0 ? "" : ", ").append(string(r.notes().get(j)));
      }
      sb.append("]}");
    }
    sb.append("],\n");
    indent(sb, 1).append("\"failures\": [");
    for (int i = 0; i < failures.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('{');
      field(sb, 0, "name", failures.get(i).name()).append(", ");
      field(sb, 0, "reason", failures.get(i).reason()).append('}');
    }
    return sb.append("]\n}\n").toString();
  }

  private static StringBuilder indent(StringBuilder sb, int level) {
    return sb.append("  ".repeat(level));
  }

  private static StringBuilder field(StringBuilder sb, int level, String name, Object value) {
    indent(sb, level).append(string(name)).append(": ");
    if (value == null) {
      return sb.append("null");
    }
    if (value instanceof Double d) {
      return sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.6g", d));
    }
    if (value instanceof Number || value instanceof Boolean) {
      return sb.append(value);
    }
    return sb.append(string(value.toString()));
  }

  private static String string(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
