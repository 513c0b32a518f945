package io.jointflow.cli;

import io.jointflow.core.RunHandle;
import io.jointflow.core.Span;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code runs show}'s account of a run from its spans: cost by cloud (execution, requests, store
 * operations and egress at each cloud's prices) and a text timeline of its instances across clouds.
 */
final class Timeline {
  /** Width of the timeline's bar, in characters. */
  private static final int WIDTH = 40;
  /** The most instances the timeline lists. */
  private static final int MAX_ROWS = 40;

  private Timeline() {}

  static void print(RunHandle run, PrintWriter out) {
    List<Span> spans;
    try {
      spans = run.spans();
    } catch (RuntimeException e) {
      return; // an ephemeral run has no checkpoints to read spans from
    }
    if (spans.isEmpty()) {
      return;
    }
    Map<String, double[]> byCloud = new TreeMap<>();
    Instant first = spans.get(0).queued();
    Instant last = first;
    for (Span s : spans) {
      double[] c = byCloud.computeIfAbsent(s.cloud() == null ? "local" : s.cloud(), k -> new double[3]);
      c[0] += s.cost();
      c[1]++;
      c[2] += s.coldStart() ? 1 : 0;
      first = s.queued().isBefore(first) ? s.queued() : first;
      last = s.ended().isAfter(last) ? s.ended() : last;
    }
    Duration makespan = Duration.between(first, last);
    out.println("makespan: " + Format.duration(makespan) + " (first invocation to last end, from the spans)");
    out.println("cost by cloud (execution, requests, store operations and egress at each cloud's prices):");
    byCloud.forEach((cloud, c) -> out.printf(Locale.ROOT, "  %-10s %4d instances %3d cold   %.9f%n", cloud, (long) c[1],
        (long) c[2], c[0]));
    out.println("timeline (each row: invoked . running #):");
    long span = Math.max(1, makespan.toNanos());
    int rows = 0;
    for (Span s : spans) {
      if (rows++ == MAX_ROWS) {
        out.println("  ... " + (spans.size() - MAX_ROWS) + " more");
        break;
      }
      int q = (int) (Duration.between(first, s.queued()).toNanos() * WIDTH / span);
      int b = (int) (Duration.between(first, s.started()).toNanos() * WIDTH / span);
      int e = Math.max(b + 1, (int) (Duration.between(first, s.ended()).toNanos() * WIDTH / span));
      StringBuilder bar = new StringBuilder();
      for (int i = 0; i < WIDTH; i++) {
        bar.append(i < q ? ' ' : i < b ? '.' : i < e ? '#' : ' ');
      }
      out.printf(Locale.ROOT, "  %-12s %-6s |%s| %s%n", abbreviate(s.function()), s.cloud(), bar,
          Format.duration(s.handler()) + (s.coldStart() ? " cold" : ""));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 12 ? s : s.substring(0, 11) + "~";
  }
}
