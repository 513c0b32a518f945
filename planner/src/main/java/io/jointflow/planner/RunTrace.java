package io.jointflow.planner;

import io.jointflow.core.RunInfo;
import io.jointflow.core.Span;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished run with its spans: what the planner learns profiles from and checks predictions
 * against.
 *
 * @param info the run (status, start and end)
 * @param spans one span per instance
 */
public record RunTrace(RunInfo info, List<Span> spans) {
  public RunTrace {
    spans = List.copyOf(spans);
  }

  /** From the run's start to its end; ms resolution, as run records keep time. */
  public double makespanMillis() {
    if (info.endedAt() == null) {
      throw new PlanException("run '" + info.runId() + "' has not ended: only finished runs have a makespan");
    }
    return Duration.between(info.startedAt(), info.endedAt()).toNanos() / 1e6;
  }

  /** Everything the run cost, from its spans (execution, requests, store operations, egress). */
  public double cost() {
    return spans.stream().mapToDouble(Span::cost).sum();
  }

  /** Where each function ran (its last span's cloud), in span order. */
  public Map<String, String> clouds() {
    Map<String, String> out = new LinkedHashMap<>();
    spans.forEach(s -> out.put(s.function(), s.cloud()));
    return out;
  }
}
