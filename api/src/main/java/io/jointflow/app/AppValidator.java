package io.jointflow.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Whole-definition checks: references, names, entry and result, unbounded cycles, placement. */
final class AppValidator {
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, FunctionSpec> functions;
  private final Map<String, BucketSpec> buckets;
  private final List<String> placement;
  private String entry;
  private String result;

  AppValidator(String name, Mode mode, String entry, String result,
      Map<String, FunctionSpec> functions, Map<String, BucketSpec> buckets, List<String> placement) {
    this.functions = functions;
    this.buckets = buckets;
    this.placement = placement;
    if (!Names.isValidName(name)) {
      add("app", "app name '" + name + "' is invalid: " + Names.NAME_RULE);
    }
    if (functions.isEmpty()) {
      add("functions", "app has no functions");
      return;
    }
    checkFunctions();
    checkBuckets();
    checkPlacement();
    this.entry = pickEntry(entry);
    this.result = pickResult(result);
    checkCycles();
  }

  List<Problem> problems() {
    return problems;
  }

  String entry() {
    return entry;
  }

  String result() {
    return result;
  }

  private void add(String path, String message) {
    problems.add(new Problem(path, message));
  }

  private String functionList() {
    return String.join(", ", functions.keySet());
  }

  private String bucketList() {
    return buckets.isEmpty() ? "none defined" : String.join(", ", buckets.keySet());
  }

  private void checkFunctions() {
    for (FunctionSpec f : functions.values()) {
      String at = "functions." + f.name();
      if (!Names.isValidName(f.name())) {
        add(at, "function name '" + f.name() + "' is invalid: " + Names.NAME_RULE);
      }
      if ((f.handler() == null) == (f.handlerClass() == null || f.handlerClass().isBlank())) {
        add(at, "function '" + f.name() + "' needs exactly one of a handler or a handler class");
      }
      Set<String> seen = new HashSet<>();
      for (String out : f.outputs()) {
        if (!buckets.containsKey(out)) {
          add(at + ".outputs", "function '" + f.name() + "' outputs to unknown bucket '" + out
              + "' (buckets: " + bucketList() + ")");
        } else if (!seen.add(out)) {
          add(at + ".outputs", "function '" + f.name() + "' lists output '" + out + "' twice");
        }
      }
      if (f.concurrency() < 1) {
        add(at + ".concurrency", "function '" + f.name() + "' concurrency must be >= 1: " + f.concurrency());
      }
      if (f.maxAttempts() < 1) {
        add(at + ".max-attempts", "function '" + f.name() + "' max-attempts must be >= 1: " + f.maxAttempts());
      }
      if (f.timeout() == null || f.timeout().toMillis() < 1) {
        add(at + ".timeout", "function '" + f.name() + "' timeout must be at least 1ms: " + f.timeout());
      }
    }
  }

  private void checkBuckets() {
    for (BucketSpec b : buckets.values()) {
      String at = "buckets." + b.name();
      if (!Names.isValidName(b.name())) {
        add(at, "bucket name '" + b.name() + "' is invalid: " + Names.NAME_RULE);
      }
      Set<String> names = new HashSet<>();
      for (TriggerSpec t : b.triggers()) {
        String tat = at + ".triggers." + t.name();
        if (!Names.isValidName(t.name())) {
          add(tat, "trigger name '" + t.name() + "' is invalid: " + Names.NAME_RULE);
        } else if (!names.add(t.name())) {
          add(tat, "bucket '" + b.name() + "' has two triggers named '" + t.name() + "'");
        }
        if (t.target() == null) {
          add(tat + ".target", "trigger '" + t.name() + "' on bucket '" + b.name()
              + "' has no target (functions: " + functionList() + ")");
        } else if (!functions.containsKey(t.target())) {
          add(tat + ".target", "trigger '" + t.name() + "' on bucket '" + b.name()
              + "' targets unknown function '" + t.target() + "' (functions: " + functionList() + ")");
        }
        if (t.rerun() != null && !functions.containsKey(t.rerun().source())) {
          add(tat + ".rerun.source", "trigger '" + t.name() + "' has a rerun hint for unknown function '"
              + t.rerun().source() + "' (functions: " + functionList() + ")");
        }
      }
    }
  }

  /**
   * Cloud names are only spelled here; whether the clouds exist is a question for a clouds file
   * ({@code io.jointflow.cloud.Deployment}). An app either runs embedded (no placement anywhere)
   * or places every function, since a function without clouds has nowhere to run in a deployment.
   */
  private void checkPlacement() {
    checkClouds("placement", "app placement", placement);
    List<String> placed = new ArrayList<>();
    List<String> unplaced = new ArrayList<>();
    for (FunctionSpec f : functions.values()) {
      checkClouds("functions." + f.name() + ".placement", "function '" + f.name() + "' placement",
          f.placement());
      (f.placement().isEmpty() ? unplaced : placed).add(f.name());
      if (f.profile() != null && !Names.isValidName(f.profile())) {
        add("functions." + f.name() + ".profile", "function '" + f.name() + "' profile name '"
            + f.profile() + "' is invalid: " + Names.NAME_RULE);
      }
    }
    List<String> stated = new ArrayList<>();
    for (BucketSpec b : buckets.values()) {
      for (TriggerSpec t : b.triggers()) {
        if (t.state() != null) {
          String path = "buckets." + b.name() + ".triggers." + t.name() + ".state";
          checkClouds(path, "trigger '" + t.name() + "' state", List.of(t.state()));
          if (t.type() instanceof Trigger.Immediate || t.type() instanceof Trigger.ByName) {
            add(path, "trigger '" + t.name() + "' on bucket '" + b.name() + "' is " + (t.type() instanceof Trigger.Immediate
                ? "immediate" : "by-name") + " and keeps no state, so it has no state cloud: remove 'state'");
          }
          stated.add(path);
        }
      }
    }
    if (!placement.isEmpty()) {
      return;
    }
    if (placed.isEmpty()) {
      for (String path : stated) {
        add(path, "a trigger's state cloud needs a placed app, and this app has no placement (it runs embedded):"
            + " set a placement or remove 'state'");
      }
    }
    if (!placed.isEmpty()) {
      for (String f : unplaced) {
        add("functions." + f, "function '" + f + "' has no placement while " + String.join(", ", placed)
            + (placed.size() == 1 ? " has one" : " have one")
            + ": give it a placement or set the app's placement (the default of every function)");
      }
      return;
    }
    for (FunctionSpec f : functions.values()) {
      if (f.profile() != null) {
        add("functions." + f.name() + ".profile", "function '" + f.name() + "' has profile '"
            + f.profile() + "' but the app has no placement: profiles belong to clouds (set a placement)");
      }
    }
  }

  private void checkClouds(String path, String what, List<String> clouds) {
    Set<String> seen = new HashSet<>();
    for (String cloud : clouds) {
      if (!Names.isValidName(cloud)) {
        add(path, what + " names an invalid cloud '" + cloud + "': " + Names.NAME_RULE);
      } else if (!seen.add(cloud)) {
        add(path, what + " lists cloud '" + cloud + "' twice: " + String.join(", ", clouds));
      }
    }
  }

  private String pickEntry(String declared) {
    if (declared != null) {
      if (!functions.containsKey(declared)) {
        add("entry", "entry function '" + declared + "' is unknown (functions: " + functionList() + ")");
      }
      return declared;
    }
    Set<String> targeted = new HashSet<>();
    buckets.values().forEach(b -> b.triggers().forEach(t -> targeted.add(t.target())));
    List<String> candidates = functions.keySet().stream().filter(f -> !targeted.contains(f)).toList();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    add("entry", "app needs 'entry': the function a run starts with ("
        + (candidates.isEmpty() ? "every function is a trigger target" : "candidates: " + String.join(", ", candidates))
        + ")");
    return null;
  }

  private String pickResult(String declared) {
    if (declared != null) {
      if (!functions.containsKey(declared)) {
        add("result", "result function '" + declared + "' is unknown (functions: " + functionList() + ")");
      }
      return declared;
    }
    List<String> sinks = functions.values().stream().filter(f -> f.outputs().isEmpty())
        .map(FunctionSpec::name).toList();
    if (sinks.size() == 1) {
      return sinks.get(0);
    }
    add("result", "app needs 'result': the function whose completion ends a run ("
        + (sinks.isEmpty() ? "every function has outputs" : "candidates: " + String.join(", ", sinks)) + ")");
    return null;
  }

  /** A cycle is bounded when one of its triggers has max-fires; report each unbounded one once. */
  private void checkCycles() {
    // function -> functions reachable through one unbounded trigger
    Map<String, List<String[]>> edges = new HashMap<>();
    for (FunctionSpec f : functions.values()) {
      List<String[]> out = new ArrayList<>();
      for (String bucket : f.outputs()) {
        BucketSpec b = buckets.get(bucket);
        if (b == null) {
          continue;
        }
        for (TriggerSpec t : b.triggers()) {
          if (t.maxFires() == 0 && functions.containsKey(t.target())) {
            out.add(new String[] {t.target(), bucket, t.name()});
          }
        }
      }
      edges.put(f.name(), out);
    }
    Set<String> done = new HashSet<>();
    for (String start : functions.keySet()) {
      List<String> cycle = findCycle(start, edges, new LinkedHashSet<>(), done);
      if (cycle != null) {
        add("buckets", "cycle without a bound: " + String.join(" -> ", cycle)
            + "; set 'max-fires' on one of its triggers");
        return;
      }
    }
  }

  private List<String> findCycle(String node, Map<String, List<String[]>> edges,
      LinkedHashSet<String> path, Set<String> done) {
    if (done.contains(node)) {
      return null;
    }
    path.add(node);
    for (String[] e : edges.getOrDefault(node, List.of())) {
      String next = e[0];
      if (path.contains(next)) {
        List<String> cycle = new ArrayList<>();
        boolean in = false;
        for (String p : path) {
          in |= p.equals(next);
          if (in) {
            cycle.add(p);
          }
        }
        cycle.add(next + " (via bucket '" + e[1] + "', trigger '" + e[2] + "')");
        return cycle;
      }
      List<String> found = findCycle(next, edges, path, done);
      if (found != null) {
        return found;
      }
    }
    path.remove(node);
    done.add(node);
    return null;
  }
}
