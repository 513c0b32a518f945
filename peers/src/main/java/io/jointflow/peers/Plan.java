package io.jointflow.peers;

import io.jointflow.app.App;
import io.jointflow.app.BucketSpec;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An app as the centralized orchestrator runs it: each function's handler class, cloud (its primary
 * placement) and config, and where each bucket's objects go. Only {@code immediate} and
 * {@code dynamic-join} triggers (with the default control key {@code ctrl}) are supported, which is
 * what the workloads use. A value Temporal passes to the workflow.
 *
 * @param entry the function a run starts with
 * @param result the function whose return value is the run's result
 * @param functions by name
 * @param routes by bucket: the triggers on it
 */
public record Plan(String entry, String result, Map<String, Step> functions, Map<String, List<Route>> routes) {
  /** A function: its handler, the cloud it runs in and its config. */
  public record Step(String handlerClass, String cloud, Map<String, String> config) {}

  /** A trigger: every object of the bucket invokes {@code target}, or ({@code join}) all of them at once. */
  public record Route(String target, boolean join) {}

  /**
   * The plan of an app placed on clouds.
   *
   * @throws IllegalArgumentException naming a function without placement or handler class, or a
   *     trigger type the peer does not run
   */
  public static Plan of(App app) {
    Map<String, Step> functions = new LinkedHashMap<>();
    for (FunctionSpec f : app.functions().values()) {
      List<String> placement = f.placement().isEmpty() ? app.placement() : f.placement();
      if (placement.isEmpty() || f.handlerClass() == null) {
        throw new IllegalArgumentException("function '" + f.name() + "' of app '" + app.name()
            + "' needs a placement and a handler class to run on the centralized peer");
      }
      functions.put(f.name(), new Step(f.handlerClass(), placement.get(0), Map.copyOf(f.config())));
    }
    Map<String, List<Route>> routes = new LinkedHashMap<>();
    for (BucketSpec b : app.buckets().values()) {
      List<Route> rs = new ArrayList<>();
      for (TriggerSpec t : b.triggers()) {
        boolean join = switch (t.type()) {
          case Trigger.Immediate i -> false;
          case Trigger.DynamicJoin j when j.controlKey().equals(Trigger.DynamicJoin.DEFAULT_CONTROL) -> true;
          default -> throw new IllegalArgumentException("trigger '" + t.name() + "' on bucket '" + b.name()
              + "' has type '" + t.type().typeName() + "', which the centralized peer does not run"
              + " (it runs immediate and dynamic-join with control 'ctrl')");
        };
        rs.add(new Route(t.target(), join));
      }
      routes.put(b.name(), List.copyOf(rs));
    }
    return new Plan(app.entry(), app.result(), functions, routes);
  }
}
