package io.jointflow.definition;

import io.jointflow.app.Condition;
import io.jointflow.app.RerunHint;
import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads one item of a bucket's {@code triggers}: the keys every trigger has, the type, and the
 * parameters of that type. A parameter written for another type is reported by name.
 */
final class TriggerReader {
  /** Keys valid for every trigger type. */
  static final List<String> COMMON_KEYS =
      List.of("name", "type", "target", "scope", "when", "max-fires", "rerun", "state");
  /** The parameters of each type, in {@link Trigger#TYPE_NAMES} order. */
  static final Map<String, List<String>> PARAMETERS = parameters();
  private static final List<String> RERUN_KEYS = List.of("source", "timeout");

  /**
   * A trigger as read. A trigger whose type could not be read carries {@code immediate} in its
   * place, so that its target and rerun source are still checked by the builder.
   */
  record Draft(String name, String target, Trigger type, Scope scope, Condition when,
      RerunHint rerun, int maxFires, String state) {}

  private final Diagnostics diagnostics;
  private final PathIndex paths;

  TriggerReader(Diagnostics diagnostics, PathIndex paths) {
    this.diagnostics = diagnostics;
    this.paths = paths;
  }

  private static Map<String, List<String>> parameters() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("immediate", List.of());
    p.put("by-name", List.of("key"));
    p.put("by-batch-size", List.of("size"));
    p.put("by-set", List.of("keys"));
    p.put("dynamic-join", List.of("control"));
    p.put("dynamic-group", List.of("control", "controls"));
    p.put("redundant", List.of("k", "n"));
    p.put("by-time", List.of("window"));
    return Collections.unmodifiableMap(p);
  }

  private static List<String> allParameters() {
    return PARAMETERS.values().stream().flatMap(List::stream).distinct().toList();
  }

  /**
   * Reads the {@code number}-th (1-based) trigger of a bucket.
   *
   * @return the trigger, or {@code null} if it has no usable name (reported)
   */
  Draft read(Node item, String bucket, int number) {
    String unnamed = "trigger #" + number + " on bucket '" + bucket + "'";
    if (!(item instanceof Node.Mapping m)) {
      diagnostics.error(item.at(), unnamed + " must be a mapping with name, type and target, not "
          + item.describe());
      return null;
    }
    Node.Field nameField = m.fields().get("name");
    String rawName = nameField != null && nameField.value() instanceof Node.Scalar s && !s.isNull()
        ? s.text() : null;
    String what = rawName == null ? unnamed : "trigger '" + rawName + "' on bucket '" + bucket + "'";
    String path = "buckets." + bucket + ".triggers." + (rawName == null ? "#" + number : rawName);
    Fields f = new Fields(m, m.at(), path, what, diagnostics, paths);

    String name = f.require("name") ? f.string("name") : null;
    String type = f.string("type");
    List<String> params = type == null ? null : PARAMETERS.get(type);
    if (!f.has("type")) {
      f.error("type", what + " is missing required key 'type' (valid: "
          + String.join(", ", Trigger.TYPE_NAMES) + ")");
    } else if (type != null && params == null) {
      f.error("type", what + " has unknown type '" + type + "' (valid: "
          + String.join(", ", Trigger.TYPE_NAMES) + ")");
    }
    checkKeys(f, type, params);
    Trigger primitive = params == null ? null : primitive(type, f);

    String target = f.string("target");
    Scope scope = scope(f);
    Condition when = condition(f);
    int maxFires = maxFires(f);
    RerunHint rerun = rerun(f);
    String state = f.string("state");
    if (name == null) {
      return null;
    }
    return new Draft(name, target, primitive == null ? Trigger.immediate() : primitive, scope, when,
        rerun, maxFires, state);
  }

  private void checkKeys(Fields f, String type, List<String> params) {
    List<String> all = allParameters();
    for (Node.Field field : f.fields()) {
      String key = field.key();
      if (COMMON_KEYS.contains(key) || (params == null ? all : params).contains(key)) {
        continue;
      }
      if (params != null && all.contains(key)) {
        diagnostics.error(field.keyAt(), "parameter '" + key + "' is not valid for trigger type '"
            + type + "' (" + (params.isEmpty() ? "it takes no parameters" : "valid: "
            + String.join(", ", params)) + ")");
      } else {
        List<String> valid = new ArrayList<>(COMMON_KEYS);
        valid.addAll(params == null ? all : params);
        diagnostics.error(field.keyAt(), "unknown key '" + key + "' in " + f.what() + " (valid: "
            + String.join(", ", valid) + ")");
      }
    }
  }

  /** The primitive with its parameters, or {@code null} when they are missing or bad (reported). */
  private Trigger primitive(String type, Fields f) {
    switch (type) {
      case "immediate":
        return Trigger.immediate();
      case "by-name": {
        String key = f.require("key") ? f.string("key") : null;
        return key == null ? null : construct(f, () -> Trigger.byName(key));
      }
      case "by-batch-size": {
        Integer size = f.require("size") ? f.integer("size") : null;
        return size == null ? null : construct(f, () -> Trigger.byBatchSize(size));
      }
      case "by-set": {
        List<String> keys = f.require("keys") ? f.strings("keys") : null;
        return keys == null ? null : construct(f, () -> new Trigger.BySet(keys));
      }
      case "dynamic-join": {
        String control = f.has("control") ? f.string("control") : Trigger.DynamicJoin.DEFAULT_CONTROL;
        return control == null ? null : construct(f, () -> new Trigger.DynamicJoin(control));
      }
      case "dynamic-group":
        return dynamicGroup(f);
      case "redundant": {
        Integer k = f.require("k") ? f.integer("k") : null;
        Integer n = f.require("n") ? f.integer("n") : null;
        return k == null || n == null ? null : construct(f, () -> Trigger.redundant(k, n));
      }
      case "by-time": {
        Duration window = f.require("window") ? f.duration("window") : null;
        return window == null ? null : construct(f, () -> Trigger.byTime(window));
      }
      default:
        throw new IllegalStateException("no parameters for trigger type " + type);
    }
  }

  private Trigger dynamicGroup(Fields f) {
    boolean list = f.has("control");
    boolean count = f.has("controls");
    if (list == count) {
      f.error(f.what() + " of type 'dynamic-group' needs " + (list ? "either" : "one of")
          + " 'control' (a list of control keys) or 'controls' (their count)"
          + (list ? ", not both" : ""));
      return null;
    }
    if (list) {
      List<String> keys = f.strings("control");
      return keys == null ? null : construct(f, () -> Trigger.dynamicGroup(keys));
    }
    Integer n = f.integer("controls");
    return n == null ? null : construct(f, () -> Trigger.dynamicGroup(n));
  }

  /** Runs a primitive's validating constructor; its message is reported at the trigger. */
  private Trigger construct(Fields f, Supplier<Trigger> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      f.error(f.what() + ": " + e.getMessage());
      return null;
    }
  }

  private Scope scope(Fields f) {
    String s = f.string("scope");
    if (s == null) {
      return Scope.RUN;
    }
    try {
      return Scope.parse(s);
    } catch (IllegalArgumentException e) {
      f.error("scope", f.what() + ": " + e.getMessage());
      return Scope.RUN;
    }
  }

  private Condition condition(Fields f) {
    String s = f.string("when");
    if (s == null) {
      return null;
    }
    try {
      return Condition.parse(s);
    } catch (IllegalArgumentException e) {
      f.error("when", f.what() + ": " + e.getMessage());
      return null;
    }
  }

  private int maxFires(Fields f) {
    Integer n = f.integer("max-fires");
    if (n != null && n < 0) {
      f.error("max-fires", f.what() + " max-fires must be >= 0 (0 = no limit): " + n);
      return 0;
    }
    return n == null ? 0 : n;
  }

  private RerunHint rerun(Fields f) {
    Node.Mapping m = f.mapping("rerun");
    if (m == null) {
      return null;
    }
    Fields r = f.nested("rerun", m, "rerun hint of " + f.what());
    r.allowOnly(RERUN_KEYS);
    String source = r.require("source") ? r.string("source") : null;
    Duration timeout = r.has("timeout") ? r.duration("timeout") : RerunHint.DEFAULT_TIMEOUT;
    if (source == null || timeout == null) {
      return null;
    }
    try {
      return new RerunHint(source, timeout);
    } catch (IllegalArgumentException e) {
      r.error(r.what() + ": " + e.getMessage());
      return null;
    }
  }
}
