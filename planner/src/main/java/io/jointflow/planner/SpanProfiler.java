package io.jointflow.planner;

import io.jointflow.core.RunStatus;
import io.jointflow.core.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns {@link Profiles} from runs: per function and cloud the averages of its spans; per edge the
 * gap between the producer's end and the consumer's start less what the network model adds for the
 * run's placement (only where that producer was the one the consumer waited for); the run's start
 * and end overheads likewise. What adds up to the makespan (a function's span per run, the gaps, the
 * start and end overheads) is the median over runs, as the makespan it predicts is compared with
 * the runs' median: one run stalled by the machine (a collection, a page fault storm) does not move
 * it. What adds up to the cost (instances, handler time, bytes, store operations) is the mean, as
 * cost is.
 */
final class SpanProfiler {
  private SpanProfiler() {}

  /** One function in one run. */
  private record Seen(String cloud, int n, double handler, double started, double ended, double in, double out,
      double reads, double writes) {}

  private static final class Acc {
    final List<double[]> rows = new ArrayList<>();

    double mean(int i) {
      return rows.stream().mapToDouble(r -> r[i]).average().orElse(0);
    }

    double median(int i) {
      return Profiles.median(rows.stream().map(r -> r[i]).toList());
    }
  }

  static Profiles profile(AppGraph g, Net net, List<RunTrace> runs) {
    Map<String, Map<String, Acc>> fn = new LinkedHashMap<>();
    Map<String, Map<String, List<Double>>> gaps = new LinkedHashMap<>();
    Map<String, List<Double>> start = new LinkedHashMap<>();
    Map<String, List<Double>> end = new LinkedHashMap<>();
    int used = 0;
    for (RunTrace run : runs) {
      if (run.info().status() != RunStatus.SUCCEEDED || run.info().endedAt() == null) {
        continue;
      }
      Map<String, Seen> seen = seen(run.spans());
      if (!seen.keySet().containsAll(g.functions)) {
        continue; // a run that skipped a function (a routing choice) says nothing about its time
      }
      used++;
      seen.forEach((f, s) -> fn.computeIfAbsent(f, k -> new LinkedHashMap<>()).computeIfAbsent(s.cloud, k -> new Acc())
          .rows.add(new double[] {s.n, s.handler, s.ended - s.started, s.in, s.out, s.reads, s.writes}));
      double t0 = run.info().startedAt().toEpochMilli();
      double t1 = run.info().endedAt().toEpochMilli();
      Seen entry = seen.get(g.functions.get(g.entry));
      Seen result = seen.get(g.functions.get(g.result));
      start.computeIfAbsent(entry.cloud, k -> new ArrayList<>()).add(entry.started - t0);
      // The run record lives in the entry's cloud, but completing it there is off the measured path.
      end.computeIfAbsent(result.cloud, k -> new ArrayList<>()).add(t1 - result.ended);
      for (int to = 0; to < g.size(); to++) {
        Seen c = seen.get(g.functions.get(to));
        AppGraph.Edge binding = null;
        double latest = Double.NEGATIVE_INFINITY;
        for (AppGraph.Edge e : g.in.get(to)) {
          Seen p = seen.get(g.functions.get(e.from()));
          double arrives = p.ended + extra(g, net, seen, e, c);
          if (arrives > latest) {
            latest = arrives;
            binding = e;
          }
        }
        if (binding != null) {
          String key = g.functions.get(binding.from()) + ">" + g.functions.get(to);
          gaps.computeIfAbsent(key, k -> new LinkedHashMap<>())
              .computeIfAbsent(seen.get(g.functions.get(binding.from())).cloud, k -> new ArrayList<>()).add(c.started - latest);
        }
      }
    }
    if (used == 0) {
      throw new PlanException("app '" + g.app.name() + "' has no succeeded run that ran every function among the "
          + runs.size() + " given: profiles need at least one");
    }
    Map<String, Map<String, FunctionProfile>> functions = new LinkedHashMap<>();
    final int n = used;
    fn.forEach((f, byCloud) -> byCloud.forEach((cloud, a) -> functions.computeIfAbsent(f, k -> new LinkedHashMap<>())
        .put(cloud, new FunctionProfile(a.mean(0), a.mean(1), a.median(2), a.mean(3), a.mean(4), a.mean(5), a.mean(6),
            Math.min(n, a.rows.size())))));
    Map<String, Map<String, Double>> gapMeans = new LinkedHashMap<>();
    gaps.forEach((k, byCloud) -> byCloud.forEach((cloud, xs) ->
        gapMeans.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(cloud, Profiles.median(xs))));
    Map<String, Double> s = new LinkedHashMap<>();
    start.forEach((cloud, xs) -> s.put(cloud, Profiles.median(xs)));
    Map<String, Double> e = new LinkedHashMap<>();
    end.forEach((cloud, xs) -> e.put(cloud, Profiles.median(xs)));
    return new Profiles(g.app.name(), functions, gapMeans, s, e, used);
  }

  /**
   * What the network adds on an edge for the run's placement: the crossing and a remote trigger-state
   * call (to the cloud the trigger names, else the rule's).
   */
  private static double extra(AppGraph g, Net net, Map<String, Seen> seen, AppGraph.Edge e, Seen consumer) {
    Seen p = seen.get(g.functions.get(e.from()));
    double bytes = edgeBytes(g, seen, e) / Math.max(1, consumer.n);
    double state = 0;
    if (e.stateful()) {
      String named = g.trigger(e.bucket() + "/" + e.trigger()).state();
      List<String> producers = g.producers.get(e.bucket() + "/" + e.trigger()).stream()
          .map(i -> seen.get(g.functions.get(i)).cloud).toList();
      state = net.remoteCall(p.cloud, named != null ? named : Model.majority(producers, consumer.cloud));
    }
    return state + net.cross(p.cloud, consumer.cloud, bytes);
  }

  /** The bytes an edge carries in a run: the consumer's input, shared among its producers by their output. */
  private static double edgeBytes(AppGraph g, Map<String, Seen> seen, AppGraph.Edge e) {
    double all = g.in.get(e.to()).stream().mapToDouble(x -> seen.get(g.functions.get(x.from())).out).sum();
    double mine = seen.get(g.functions.get(e.from())).out;
    return all <= 0 ? 0 : seen.get(g.functions.get(e.to())).in * mine / all;
  }

  private static Map<String, Seen> seen(List<Span> spans) {
    Map<String, List<Span>> by = new LinkedHashMap<>();
    spans.forEach(s -> by.computeIfAbsent(s.function(), k -> new ArrayList<>()).add(s));
    Map<String, Seen> out = new LinkedHashMap<>();
    by.forEach((f, ss) -> out.put(f, new Seen(ss.get(0).cloud(), ss.size(),
        ss.stream().mapToDouble(s -> s.handler().toNanos() / 1e6).average().orElse(0),
        ss.stream().mapToDouble(s -> s.started().toEpochMilli()).min().orElse(0),
        ss.stream().mapToDouble(s -> s.ended().toEpochMilli()).max().orElse(0),
        ss.stream().mapToDouble(Span::bytesIn).sum(), ss.stream().mapToDouble(Span::bytesOut).sum(),
        ss.stream().mapToDouble(Span::storeReads).average().orElse(0),
        ss.stream().mapToDouble(Span::storeWrites).average().orElse(0))));
    return out;
  }
}
