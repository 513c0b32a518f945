package io.jointflow.core;

import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.spi.StateStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes the run-scoped triggers of a run that hold some arrivals but not enough to fire: what
 * a stalled run is waiting for (a fan-in whose width does not match its producers, a missing key).
 */
final class Waiting {
  private Waiting() {}

  static List<String> describe(AppRuntime app, StateStore store, String runId) {
    List<String> out = new ArrayList<>();
    for (TriggerSpec t : app.app().triggers()) {
      if (t.scope() != Scope.RUN) {
        continue;
      }
      String s = Keys.triggerState(app.name(), runId, t.bucket(), t.name(), false);
      String where = "trigger '" + t.name() + "' on bucket '" + t.bucket() + "' (" + t.type().typeName() + ")";
      switch (t.type()) {
        case Trigger.ByBatchSize b -> {
          long n = count(store, s);
          if (n % b.size() != 0) {
            out.add(where + " holds " + n % b.size() + " of the " + b.size() + " objects a batch needs");
          }
        }
        case Trigger.Redundant r -> {
          long n = count(store, s); // run scope fires once, on the k-th arrival
          if (n > 0 && n < r.k()) {
            out.add(where + " holds " + n + " of the " + r.k() + " objects it fires on");
          }
        }
        case Trigger.BySet set -> {
          List<String> missing = set.keys().stream().filter(k -> count(store, s + "/k/" + k) == 0).toList();
          if (!missing.isEmpty() && missing.size() < set.keys().size()) {
            out.add(where + " is missing keys " + missing);
          }
        }
        case Trigger.DynamicJoin j -> {
          long n = count(store, s);
          var ctrl = store.get(s + "/ctrl");
          if (ctrl.isEmpty() && n > 0) {
            out.add(where + " holds " + n + " branches but no control object '" + j.controlKey() + "'");
          } else if (ctrl.isPresent()) {
            int width = Json.read(ctrl.get().value(), DynamicJoin.Control.class).count();
            if (n < width + 1) {
              out.add(where + " holds " + (n - 1) + " of the " + width + " branches its control announced");
            }
          }
        }
        case Trigger.DynamicGroup g -> {
          List<String> missing = g.controlKeys().stream().filter(k -> count(store, s + "/k/" + k) == 0).toList();
          if (!missing.isEmpty() && (missing.size() < g.controlKeys().size() || count(store, s + "/data") > 0)) {
            out.add(where + " has " + (g.controlKeys().size() - missing.size()) + " of " + g.controlKeys().size()
                + " control keys; missing " + abbreviate(missing));
          }
        }
        default -> { }
      }
    }
    return out;
  }

  private static long count(StateStore store, String set) {
    return store.members(set, 0, Integer.MAX_VALUE).size();
  }

  private static String abbreviate(List<String> keys) {
    return keys.size() <= 6 ? keys.toString() : keys.subList(0, 6) + " and " + (keys.size() - 6) + " more";
  }
}
