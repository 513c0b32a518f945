package io.jointflow.core;

import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.spi.StateStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes what a stalled run is waiting for: the triggers that hold some of its arrivals but not
 * enough to fire (a fan-in whose width does not match its producers, a missing key), and the
 * by-name and by-set triggers whose keys never came while other objects of their bucket did.
 *
 * <p>What is knowable: stateful run-scoped triggers, exactly, from their state; global triggers,
 * the incomplete rounds that hold this run's objects ({@link GlobalWaiting}); by-name (and a by-set
 * none of whose keys came), exactly in exactly-once mode, from the output checkpoints, which list
 * every object of the run. Ephemeral runs record no keys, so there a by-name trigger is reported
 * only when its target never ran while a function that emits into its bucket did. Immediate and
 * by-time triggers never hold a run: one fires on every object, the other on its timer.
 */
final class Waiting {
  private Waiting() {}

  static List<String> describe(AppRuntime app, java.util.function.Function<TriggerSpec, StateStore> stores,
      java.util.function.Function<String, List<io.jointflow.spi.Entry>> scanAll, String runId, RunState run) {
    List<String> out = new ArrayList<>();
    BucketArrivals arrivals = new BucketArrivals(app, scanAll, runId, run);
    for (TriggerSpec t : app.app().triggers()) {
      StateStore store = stores.apply(t);
      String where = "trigger '" + t.name() + "' on bucket '" + t.bucket() + "' (" + t.type().typeName()
          + (t.scope() == Scope.GLOBAL ? ", global" : "") + ")";
      if (t.scope() == Scope.GLOBAL) {
        GlobalWaiting.describe(t, store, app.name(), runId, where, out);
        continue;
      }
      String s = Keys.triggerState(app.name(), runId, t.bucket(), t.name(), false);
      switch (t.type()) {
        case Trigger.ByName n -> byName(t, n, arrivals, where, out);
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
            out.add(where + " is missing keys " + abbreviate(missing));
          } else if (!missing.isEmpty()) {
            noneOfItsKeys(t, missing, arrivals, where, out);
          }
        }
        case Trigger.DynamicJoin j -> {
          long n = count(store, s);
          var stored = store.get(DynamicJoin.widthKey(s));
          if (stored.isEmpty() && n > 0) {
            out.add(where + " holds " + n + " branches but no control object '" + j.controlKey() + "'");
          } else if (stored.isPresent()) {
            long width = Long.parseLong(new String(stored.get().value(), java.nio.charset.StandardCharsets.US_ASCII));
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
        default -> { } // immediate fires on every object, by-time on its timer
      }
    }
    return out;
  }

  /** A by-name trigger that has not fired although its bucket got objects. */
  private static void byName(TriggerSpec t, Trigger.ByName n, BucketArrivals arrivals, String where, List<String> out) {
    if (!arrivals.keysKnown()) {
      unrecorded(t, "key '" + n.key() + "'", arrivals, where, out);
      return;
    }
    List<StoredObj> objs = arrivals.in(t.bucket());
    List<StoredObj> same = objs.stream().filter(o -> o.key().equals(n.key())).toList();
    if (same.isEmpty()) {
      if (!objs.isEmpty()) {
        out.add(where + " has not got key '" + n.key() + "'; " + others(objs));
      }
    } else if (t.when() != null && same.stream().noneMatch(o -> t.when().test(o.key(), o.size(), o.meta()))) {
      out.add(where + " got key '" + n.key() + "' but its condition is false for it: " + t.when().source());
    }
  }

  /** A by-set trigger none of whose keys arrived. */
  private static void noneOfItsKeys(TriggerSpec t, List<String> missing, BucketArrivals arrivals, String where,
      List<String> out) {
    if (!arrivals.keysKnown()) {
      unrecorded(t, "keys " + abbreviate(missing), arrivals, where, out);
      return;
    }
    List<StoredObj> objs = arrivals.in(t.bucket());
    if (!objs.isEmpty()) {
      out.add(where + " is missing keys " + abbreviate(missing) + "; " + others(objs));
    }
  }

  /** Ephemeral runs record no keys: what the functions that ran tell. */
  private static void unrecorded(TriggerSpec t, String what, BucketArrivals arrivals, String where, List<String> out) {
    List<String> producers = arrivals.producersThatRan(t.bucket());
    if (!producers.isEmpty() && !arrivals.ran(t.target())) {
      out.add(where + " waits for " + what + ", as far as is known: its target '" + t.target()
          + "' never ran, while " + quoted(producers) + ", which can emit into the bucket, did"
          + " (ephemeral runs do not record which keys arrived)");
    }
  }

  private static String others(List<StoredObj> objs) {
    List<String> keys = objs.stream().map(StoredObj::key).sorted().toList();
    return "the bucket got " + keys.size() + " other object" + (keys.size() == 1 ? "" : "s") + ": "
        + String.join(", ", keys.size() <= 6 ? keys : keys.subList(0, 6))
        + (keys.size() <= 6 ? "" : " and " + (keys.size() - 6) + " more");
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(f -> "'" + f + "'").toList());
  }

  private static long count(StateStore store, String set) {
    return store.members(set, 0, Integer.MAX_VALUE).size();
  }

  static String abbreviate(List<String> keys) {
    return keys.size() <= 6 ? keys.toString() : keys.subList(0, 6) + " and " + (keys.size() - 6) + " more";
  }
}
