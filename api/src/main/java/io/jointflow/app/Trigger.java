package io.jointflow.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The eight trigger primitives: the rule that decides when objects arriving in a bucket invoke the
 * target function, and with which objects.
 *
 * <p>Each primitive validates its parameters when constructed and throws {@link
 * IllegalArgumentException} with a message that names the bad value.
 */
public sealed interface Trigger {

  /** The kebab-case name used in YAML: {@code immediate}, {@code by-name}, ... */
  String typeName();

  /** Every primitive's YAML name, in documentation order. */
  List<String> TYPE_NAMES =
      List.of("immediate", "by-name", "by-batch-size", "by-set", "dynamic-join", "dynamic-group",
          "redundant", "by-time");

  /** Fires on every object; the target receives that object. */
  record Immediate() implements Trigger {
    @Override
    public String typeName() {
      return "immediate";
    }
  }

  /** Fires when an object with {@code key} arrives (routing); the target receives that object. */
  record ByName(String key) implements Trigger {
    public ByName {
      requireKey("by-name", "key", key);
    }

    @Override
    public String typeName() {
      return "by-name";
    }
  }

  /** Fires when {@code size} objects have accumulated, with those objects; the buffer then resets. */
  record ByBatchSize(int size) implements Trigger {
    public ByBatchSize {
      if (size < 1) {
        throw new IllegalArgumentException("by-batch-size trigger needs size >= 1: " + size);
      }
    }

    @Override
    public String typeName() {
      return "by-batch-size";
    }
  }

  /** Fires when every key of a fixed set has arrived (fan-in); the target receives them in set order. */
  record BySet(List<String> keys) implements Trigger {
    public BySet {
      keys = distinctKeys("by-set", "keys", keys);
    }

    @Override
    public String typeName() {
      return "by-set";
    }
  }

  /**
   * Fan-in whose width is known only at run time. The producer of the fan-out emits a control
   * object under {@code controlKey} whose content is the branch count ({@code 4}) or the branch keys
   * ({@code ["a","b"]}); the trigger fires once all branches arrived, with the branch objects in
   * branch order.
   */
  record DynamicJoin(String controlKey) implements Trigger {
    /** The default control key. */
    public static final String DEFAULT_CONTROL = "ctrl";

    public DynamicJoin {
      requireKey("dynamic-join", "control", controlKey);
    }

    @Override
    public String typeName() {
      return "dynamic-join";
    }
  }

  /**
   * Shuffle: data keys are {@code group:id}; once every control key has arrived, fires once per
   * group with that group's objects (sorted by key).
   */
  record DynamicGroup(List<String> controlKeys) implements Trigger {
    public DynamicGroup {
      controlKeys = distinctKeys("dynamic-group", "control", controlKeys);
    }

    @Override
    public String typeName() {
      return "dynamic-group";
    }
  }

  /** Fires on the k-th of n arrivals with the first k (straggler mitigation); later arrivals drop. */
  record Redundant(int k, int n) implements Trigger {
    public Redundant {
      if (k < 1 || n < 1 || k > n) {
        throw new IllegalArgumentException(
            "redundant trigger needs 1 <= k <= n: k=" + k + ", n=" + n);
      }
    }

    @Override
    public String typeName() {
      return "redundant";
    }
  }

  /** Fires every {@code window} on a real timer, with everything that arrived, if anything did. */
  record ByTime(Duration window) implements Trigger {
    public ByTime {
      Objects.requireNonNull(window, "by-time window");
      if (window.toMillis() < 1) {
        throw new IllegalArgumentException("by-time trigger needs a window of at least 1ms: " + window);
      }
    }

    @Override
    public String typeName() {
      return "by-time";
    }
  }

  /** {@link Immediate}. */
  static Trigger immediate() {
    return new Immediate();
  }

  /** {@link ByName}. */
  static Trigger byName(String key) {
    return new ByName(key);
  }

  /** {@link ByBatchSize}. */
  static Trigger byBatchSize(int size) {
    return new ByBatchSize(size);
  }

  /** {@link BySet}. */
  static Trigger bySet(String... keys) {
    return new BySet(List.of(keys));
  }

  /** {@link DynamicJoin} with the control key {@code ctrl}. */
  static Trigger dynamicJoin() {
    return new DynamicJoin(DynamicJoin.DEFAULT_CONTROL);
  }

  /** {@link DynamicGroup} with explicit control keys. */
  static Trigger dynamicGroup(List<String> controlKeys) {
    return new DynamicGroup(controlKeys);
  }

  /** {@link DynamicGroup} with control keys {@code ctrl:0 .. ctrl:(count-1)}. */
  static Trigger dynamicGroup(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("dynamic-group trigger needs at least 1 control key: " + count);
    }
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add("ctrl:" + i);
    }
    return new DynamicGroup(keys);
  }

  /** {@link Redundant}. */
  static Trigger redundant(int k, int n) {
    return new Redundant(k, n);
  }

  /** {@link ByTime}. */
  static Trigger byTime(Duration window) {
    return new ByTime(window);
  }

  private static void requireKey(String type, String param, String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(type + " trigger needs a non-empty '" + param + "'");
    }
    Names.checkKey(key);
  }

  private static List<String> distinctKeys(String type, String param, List<String> keys) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException(type + " trigger needs a non-empty '" + param + "' list");
    }
    var seen = new HashSet<String>();
    for (String k : keys) {
      requireKey(type, param, k);
      if (!seen.add(k)) {
        throw new IllegalArgumentException(type + " trigger lists key '" + k + "' twice in '" + param + "'");
      }
    }
    return List.copyOf(keys);
  }
}
