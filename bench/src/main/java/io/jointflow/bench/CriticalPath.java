package io.jointflow.bench;

import io.jointflow.core.Emulation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * The critical path of one run under emulation, traced back from its last step: the step that
 * invoked it (the caller of its delivery), the step that invoked that one, and so on to the entry.
 * The emulated delay on the path is what the emulation applied (its observer's records), not what
 * the latency matrix says it should have: each path step's store calls, acceptance waits and
 * refusals before it invoked the next step of the path (the last step: before its handler returned),
 * and each delivery along the path.
 *
 * @param steps the steps of the path, entry first
 * @param clouds where each of them ran (the cloud its delivery went to)
 * @param delay the emulated delay applied on the path, in nanoseconds
 * @param handler the handlers' time on the path, in nanoseconds
 * @param storeCalls store calls on the path (each a round trip)
 * @param refused the round trips of refused invocations on the path (failovers), in nanoseconds
 * @param edges the hand-offs between consecutive steps of the path
 */
record CriticalPath(List<Step> steps, List<String> clouds, long delay, long handler, int storeCalls, long refused,
    List<Edge> edges) {

  /** The step of the path that ran {@code function}, or null. */
  Step step(String function) {
    return steps.stream().filter(s -> s.function().equals(function)).findFirst().orElse(null);
  }

  /** Orchestration overhead per step of the path: makespan minus handlers and emulated delay, divided by the steps. */
  long overheadPerStep(long makespan) {
    return (makespan - handler - delay) / steps.size();
  }

  /** One execution, as its handler stamped it by {@link System#nanoTime()}. */
  record Step(String instance, String function, long start, long end) {}

  /**
   * The hand-off from one step of the path to the next: from the producer's handler return to the
   * consumer's handler start.
   *
   * @param latency wall time, in nanoseconds
   * @param delay emulated delay applied in it, in nanoseconds
   * @param crossDelay the part of {@code delay} between different clouds
   * @param storeCalls store calls in it
   * @param crossStoreCalls those to another cloud's store
   * @param producerSide time from the producer's return to its invocation of the consumer, less the
   *     delays applied in it (its store calls' own time, mostly)
   * @param consumerSide time from the delivery's end to the consumer's handler start, less the
   *     delays applied in it (timer and thread hand-off, the consumer's own store calls)
   */
  record Edge(Step from, Step to, String fromCloud, String toCloud, long latency, long delay, long crossDelay,
      int storeCalls, int crossStoreCalls, long producerSide, long consumerSide) {
    boolean crossCloud() {
      return !fromCloud.equals(toCloud);
    }
  }

  /**
   * Traces the path ending with {@code last}.
   *
   * @param steps the run's executions by instance id
   * @param applied what the emulation applied during the run (other runs' records are ignored)
   * @throws IllegalStateException if a step of the path has no delivery or an unknown invoker
   */
  static CriticalPath trace(Map<String, Step> steps, List<Emulation.Applied> applied, String last) {
    Map<String, Emulation.Applied> delivery = new HashMap<>();
    Map<String, List<Emulation.Applied>> byCaller = new HashMap<>();
    for (Emulation.Applied a : applied) {
      if (a.effect() == Emulation.Effect.DELIVERY) {
        delivery.merge(a.subject(), a, (x, y) -> y.nanoTime() >= x.nanoTime() ? y : x); // the last one: after refusals
      } else if (a.caller() != null) {
        byCaller.computeIfAbsent(a.caller(), k -> new ArrayList<>()).add(a);
      }
    }
    LinkedList<Step> path = new LinkedList<>();
    LinkedList<String> clouds = new LinkedList<>();
    Map<String, List<Emulation.Applied>> on = new HashMap<>(); // by step: its applied delays on the path
    Step cur = steps.get(last);
    if (cur == null) {
      throw new IllegalStateException("the last step " + last + " did not run");
    }
    long cutoff = cur.end();
    while (true) {
      path.addFirst(cur);
      List<Emulation.Applied> mine = new ArrayList<>();
      for (Emulation.Applied a : byCaller.getOrDefault(cur.instance(), List.of())) {
        // Only what ended before the step invoked the next one held it up: acceptance waits of
        // invocations it sent at the same time (to other successors) ran beside the path.
        if (a.nanoTime() + a.delay().toNanos() <= cutoff) {
          mine.add(a);
        }
      }
      Emulation.Applied d = delivery.get(cur.instance());
      if (d == null) {
        throw new IllegalStateException("step " + cur.function() + " (" + cur.instance() + ") has no delivery");
      }
      mine.add(d);
      on.put(cur.instance(), mine);
      clouds.addFirst(d.to());
      if (d.caller() == null) {
        break; // the entry step, invoked by the client
      }
      cutoff = d.nanoTime();
      cur = steps.get(d.caller());
      if (cur == null) {
        throw new IllegalStateException("step " + d.subject() + " was invoked by " + d.caller() + ", which did not run");
      }
    }
    long delay = 0;
    long handler = 0;
    int storeCalls = 0;
    long refused = 0;
    for (Step s : path) {
      handler += s.end() - s.start();
      delay += covered(on.get(s.instance()));
      for (Emulation.Applied a : on.get(s.instance())) {
        storeCalls += a.effect() == Emulation.Effect.STORE_CALL ? 1 : 0;
        refused += a.effect() == Emulation.Effect.REFUSAL ? a.delay().toNanos() : 0;
      }
    }
    List<Edge> edges = new ArrayList<>();
    for (int i = 1; i < path.size(); i++) {
      Step p = path.get(i - 1);
      Step x = path.get(i);
      List<Emulation.Applied> in = new ArrayList<>();
      long producerDelay = 0;
      for (Emulation.Applied a : on.get(p.instance())) {
        if (a.nanoTime() >= p.end() && a.effect() != Emulation.Effect.DELIVERY) {
          in.add(a);
          producerDelay += a.delay().toNanos();
        }
      }
      Emulation.Applied d = delivery.get(x.instance());
      long consumerDelay = 0;
      for (Emulation.Applied a : on.get(x.instance())) {
        if (a.effect() != Emulation.Effect.DELIVERY && a.nanoTime() < x.start()) {
          in.add(a);
          consumerDelay += a.delay().toNanos();
        }
      }
      in.add(d);
      long sum = covered(in);
      long cross = 0;
      int calls = 0;
      int crossCalls = 0;
      for (Emulation.Applied a : in) {
        boolean crossing = !a.from().equals(a.to());
        cross += crossing ? a.delay().toNanos() : 0;
        if (a.effect() == Emulation.Effect.STORE_CALL) {
          calls++;
          crossCalls += crossing ? 1 : 0;
        }
      }
      edges.add(new Edge(p, x, clouds.get(i - 1), clouds.get(i), x.start() - p.end(), sum, cross, calls, crossCalls,
          d.nanoTime() - p.end() - producerDelay, x.start() - d.nanoTime() - d.delay().toNanos() - consumerDelay));
    }
    return new CriticalPath(List.copyOf(path), List.copyOf(clouds), delay, handler, storeCalls, refused, edges);
  }

  /**
   * The time covered by the delays: a delivery counts whole (the path waits for it alone), other
   * delays as the union of their intervals, so that waits that overlapped count once.
   */
  static long covered(List<Emulation.Applied> applied) {
    long total = 0;
    List<long[]> spans = new ArrayList<>();
    for (Emulation.Applied a : applied) {
      if (a.effect() == Emulation.Effect.DELIVERY) {
        total += a.delay().toNanos();
      } else if (!a.delay().isZero()) {
        spans.add(new long[] {a.nanoTime(), a.nanoTime() + a.delay().toNanos()});
      }
    }
    spans.sort((x, y) -> Long.compare(x[0], y[0]));
    long end = Long.MIN_VALUE;
    for (long[] sp : spans) {
      if (sp[1] > end) {
        total += sp[1] - Math.max(sp[0], end);
        end = sp[1];
      }
    }
    return total;
  }
}
