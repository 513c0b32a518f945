package io.jointflow.worker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a worker server serves: functions by app, each with its concurrency limit. A function added
 * without an app ({@link #ANY_APP}) serves the envelopes of every app; one added for an app serves
 * that app's envelopes only. Immutable.
 */
final class ServedFunctions {
  /** The app of a function that serves every app's envelopes (never a valid app name). */
  static final String ANY_APP = "*";

  /** One function of one app (or of {@link #ANY_APP}). */
  record Key(String app, String function) {
    @Override
    public String toString() {
      return app + "/" + function;
    }
  }

  private final Map<Key, Integer> concurrency;
  private final Set<String> functionNames;

  ServedFunctions(Map<Key, Integer> concurrency) {
    this.concurrency = Map.copyOf(concurrency);
    this.functionNames = Set.copyOf(concurrency.keySet().stream().map(Key::function).toList());
  }

  /** Whether some app (or any app) has a function of this name here. */
  boolean hasFunction(String function) {
    return functionNames.contains(function);
  }

  /** The key that serves {@code app}'s {@code function}, or null if none does. */
  Key find(String app, String function) {
    Key own = new Key(app, function);
    if (concurrency.containsKey(own)) {
      return own;
    }
    Key any = new Key(ANY_APP, function);
    return concurrency.containsKey(any) ? any : null;
  }

  /** Whether some function here serves {@code app}'s envelopes. */
  boolean servesApp(String app) {
    return concurrency.keySet().stream().anyMatch(k -> k.app().equals(app) || k.app().equals(ANY_APP));
  }

  /** The apps named here, sorted (not {@link #ANY_APP}). */
  Set<String> apps() {
    Set<String> out = new TreeSet<>();
    concurrency.keySet().forEach(k -> {
      if (!k.app().equals(ANY_APP)) {
        out.add(k.app());
      }
    });
    return out;
  }

  /** Every function name, sorted. */
  Set<String> functionNames() {
    return new TreeSet<>(functionNames);
  }

  /** The function names of each named app, sorted by app and by name. */
  Map<String, Collection<String>> byApp() {
    Map<String, Collection<String>> out = new TreeMap<>();
    concurrency.keySet().forEach(k -> {
      if (!k.app().equals(ANY_APP)) {
        out.computeIfAbsent(k.app(), a -> new TreeSet<>()).add(k.function());
      }
    });
    return out;
  }

  /** Concurrency by key. */
  Map<Key, Integer> concurrency() {
    return concurrency;
  }

  /** The apps for the end of a message: {@code " (apps: a, b)"}, or nothing if no function names an app. */
  String appsSuffix() {
    List<String> apps = List.copyOf(apps());
    return apps.isEmpty() ? "" : " (apps: " + String.join(", ", apps) + ")";
  }
}
