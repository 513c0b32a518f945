package io.jointflow.examples.workloads;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload's app in one place, from which both the {@link App} and its YAML definition are made,
 * so that the two cannot drift: functions (handler class, placement, profile, outputs, config) and
 * buckets with {@code immediate} or {@code dynamic-join} triggers.
 */
final class AppShape {
  record Fn(String name, String handlerClass, List<String> placement, String profile, List<String> outputs,
      Map<String, String> config) {}

  /** A trigger; {@code state} is the cloud of its state, {@code null} for the placement rule's. */
  record Edge(String bucket, String trigger, boolean join, String target, String state) {}

  private final String app;
  private final String entry;
  private final String result;
  private final Map<String, Fn> functions = new LinkedHashMap<>();
  private final List<Edge> edges = new ArrayList<>();
  private final Map<String, String> inputs = new LinkedHashMap<>();

  AppShape(String app, String entry, String result) {
    this.app = app;
    this.entry = entry;
    this.result = result;
  }

  AppShape fn(String name, Class<?> handler, String cloud, String profile, String time, String... outputs) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(EmulatedTime.CONFIG, time);
    functions.put(name, new Fn(name, handler.getName(), List.of(cloud), profile, List.of(outputs), config));
    return this;
  }

  AppShape config(String function, String key, String value) {
    functions.get(function).config().put(key, value);
    return this;
  }

  /** Every object of {@code bucket} invokes {@code target}. */
  AppShape each(String bucket, String target) {
    edges.add(new Edge(bucket, "each", false, target, null));
    return this;
  }

  /** {@code target} once all branches of {@code bucket} announced by its control {@code ctrl} arrived. */
  AppShape join(String bucket, String target) {
    return join(bucket, target, null);
  }

  /** A join whose state lives in {@code stateCloud} instead of where most of its producers run. */
  AppShape join(String bucket, String target, String stateCloud) {
    edges.add(new Edge(bucket, "join", true, target, stateCloud));
    return this;
  }

  /** A default input of the YAML definition, written as is (a scalar or {@code "@file"}). */
  AppShape input(String key, String yamlValue) {
    inputs.put(key, yamlValue);
    return this;
  }

  Map<String, Fn> functions() {
    return functions;
  }

  List<Edge> edges() {
    return edges;
  }

  App toApp() {
    App.Builder b = App.builder(app);
    for (Fn f : functions.values()) {
      b.functionSpec(f.name(), s -> {
        s.handlerClass(f.handlerClass()).outputs(f.outputs().toArray(String[]::new))
            .placement(f.placement().toArray(String[]::new));
        if (f.profile() != null) {
          s.profile(f.profile());
        }
        f.config().forEach(s::config);
      });
    }
    Map<String, List<Edge>> byBucket = new LinkedHashMap<>();
    for (Edge e : edges) {
      byBucket.computeIfAbsent(e.bucket(), k -> new ArrayList<>()).add(e);
    }
    byBucket.forEach((bucket, es) -> b.bucket(bucket, k -> {
      for (Edge e : es) {
        k.trigger(e.trigger(), t -> t.type(e.join() ? Trigger.dynamicJoin() : Trigger.immediate()).target(e.target())
            .state(e.state()));
      }
    }));
    return b.entry(entry).result(result).build();
  }

  String toYaml(String header) {
    StringBuilder y = new StringBuilder();
    for (String line : header.split("\n")) {
      y.append("# ").append(line).append('\n');
    }
    y.append("app: ").append(app).append('\n');
    y.append("entry: ").append(entry).append('\n');
    y.append("result: ").append(result).append('\n');
    if (!inputs.isEmpty()) {
      y.append("inputs:\n");
      inputs.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    y.append("functions:\n");
    for (Fn f : functions.values()) {
      y.append("  ").append(f.name()).append(":\n");
      y.append("    class: ").append(f.handlerClass()).append('\n');
      y.append("    placement: [").append(String.join(", ", f.placement())).append("]\n");
      if (f.profile() != null) {
        y.append("    profile: ").append(f.profile()).append('\n');
      }
      if (!f.outputs().isEmpty()) {
        y.append("    outputs: [").append(String.join(", ", f.outputs())).append("]\n");
      }
      y.append("    config: {");
      String sep = "";
      for (var c : f.config().entrySet()) {
        y.append(sep).append(c.getKey()).append(": \"").append(c.getValue()).append('"');
        sep = ", ";
      }
      y.append("}\n");
    }
    Map<String, List<Edge>> byBucket = new LinkedHashMap<>();
    for (Edge e : edges) {
      byBucket.computeIfAbsent(e.bucket(), k -> new ArrayList<>()).add(e);
    }
    if (!byBucket.isEmpty()) {
      y.append("buckets:\n");
      byBucket.forEach((bucket, es) -> {
        y.append("  ").append(bucket).append(":\n    triggers:\n");
        for (Edge e : es) {
          y.append("      - {name: ").append(e.trigger()).append(", type: ").append(e.join() ? "dynamic-join" : "immediate")
              .append(", target: ").append(e.target()).append(e.state() == null ? "" : ", state: " + e.state())
              .append("}\n");
        }
      });
    }
    return y.toString();
  }
}
