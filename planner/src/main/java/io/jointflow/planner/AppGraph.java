package io.jointflow.planner;

import io.jointflow.app.App;
import io.jointflow.app.BucketSpec;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app as the planner sees it: functions as nodes in topological order, and an edge from every
 * function that emits into a bucket to the target of each trigger on that bucket. Only acyclic apps
 * are planned: a run's makespan is a longest path, which a cycle (a bounded loop) does not have.
 */
final class AppGraph {
  /** One producer-to-consumer hop through a trigger; {@code stateful} triggers keep state in a store. */
  record Edge(int index, int from, int to, String bucket, String trigger, boolean stateful) {}

  final App app;
  /** Function names in topological order; indices below refer to this list. */
  final List<String> functions;
  final List<Edge> edges;
  final List<List<Edge>> in;
  final List<List<Edge>> out;
  final int entry;
  final int result;
  /** For each stateful trigger (bucket/trigger), the indices of its producers. */
  final Map<String, List<Integer>> producers;
  /** The stateful triggers (bucket/trigger) with producers, in the order of the planner's state variables. */
  final List<String> stateful;
  /** For each of {@link #stateful}, the index of its target function. */
  final int[] stateTarget;
  /** For each edge, the index of its trigger among {@link #stateful}, or -1 for a stateless one. */
  private final int[] edgeState;

  private AppGraph(App app, List<String> functions, List<Edge> edges, Map<String, List<Integer>> producers) {
    this.app = app;
    this.functions = List.copyOf(functions);
    this.edges = List.copyOf(edges);
    this.producers = producers;
    this.stateful = List.copyOf(producers.keySet());
    this.stateTarget = new int[stateful.size()];
    for (int j = 0; j < stateful.size(); j++) {
      stateTarget[j] = functions.indexOf(trigger(stateful.get(j)).target());
    }
    this.edgeState = new int[edges.size()];
    for (Edge e : edges) {
      edgeState[e.index()] = e.stateful() ? stateful.indexOf(e.bucket() + "/" + e.trigger()) : -1;
    }
    this.in = new ArrayList<>();
    this.out = new ArrayList<>();
    for (int i = 0; i < functions.size(); i++) {
      in.add(new ArrayList<>());
      out.add(new ArrayList<>());
    }
    for (Edge e : edges) {
      out.get(e.from).add(e);
      in.get(e.to).add(e);
    }
    this.entry = functions.indexOf(app.entry());
    this.result = functions.indexOf(app.result());
  }

  static boolean stateful(TriggerSpec t) {
    return !(t.type() instanceof Trigger.Immediate || t.type() instanceof Trigger.ByName);
  }

  /**
   * The graph of an app.
   *
   * @throws PlanException naming a function on a cycle
   */
  static AppGraph of(App app) {
    List<String> names = new ArrayList<>(app.functions().keySet());
    Map<String, List<String>> succ = new LinkedHashMap<>();
    names.forEach(n -> succ.put(n, new ArrayList<>()));
    record Raw(String from, String to, String bucket, String trigger, boolean stateful) {}
    List<Raw> raw = new ArrayList<>();
    for (BucketSpec b : app.buckets().values()) {
      for (TriggerSpec t : b.triggers()) {
        for (FunctionSpec f : app.functions().values()) {
          if (f.outputs().contains(b.name())) {
            raw.add(new Raw(f.name(), t.target(), b.name(), t.name(), stateful(t)));
            succ.get(f.name()).add(t.target());
          }
        }
      }
    }
    List<String> order = topological(app.name(), names, succ);
    Map<String, List<Integer>> producers = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    for (Raw r : raw) {
      Edge e = new Edge(edges.size(), order.indexOf(r.from), order.indexOf(r.to), r.bucket, r.trigger, r.stateful);
      edges.add(e);
      if (r.stateful) {
        producers.computeIfAbsent(r.bucket + "/" + r.trigger, k -> new ArrayList<>()).add(e.from);
      }
    }
    return new AppGraph(app, order, edges, producers);
  }

  private static List<String> topological(String app, List<String> names, Map<String, List<String>> succ) {
    Map<String, Integer> indegree = new LinkedHashMap<>();
    names.forEach(n -> indegree.put(n, 0));
    succ.values().forEach(l -> l.forEach(t -> indegree.merge(t, 1, Integer::sum)));
    Deque<String> ready = new ArrayDeque<>();
    indegree.forEach((n, d) -> {
      if (d == 0) {
        ready.add(n);
      }
    });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(n);
      for (String t : succ.get(n)) {
        if (indegree.merge(t, -1, Integer::sum) == 0) {
          ready.add(t);
        }
      }
    }
    if (order.size() < names.size()) {
      String stuck = names.stream().filter(n -> !order.contains(n)).findFirst().orElseThrow();
      throw new PlanException("app '" + app + "' has a cycle through function '" + stuck + "': the planner places"
          + " acyclic apps only (a run's makespan is its longest path); place this app by hand");
    }
    return order;
  }

  int size() {
    return functions.size();
  }

  /** The index of a stateful edge's trigger among {@link #stateful}. */
  int stateIndex(Edge e) {
    return edgeState[e.index()];
  }

  /** A trigger by its key, bucket/trigger. */
  TriggerSpec trigger(String key) {
    int slash = key.indexOf('/');
    String bucket = key.substring(0, slash);
    String name = key.substring(slash + 1);
    return app.bucket(bucket).triggers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  int index(String function) {
    return functions.indexOf(function);
  }
}
