package io.jointflow.core;

import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run waits for in global triggers: the rounds that hold some of this run's objects and
 * need objects of other runs to fire. Global arrival sets are shared by every run and never
 * trimmed, so this reads only their incomplete ends (sizes are found by probing positions).
 *
 * <p>Not reported, because the state does not tell: a global dynamic-join's branches once some
 * control exists (which round they fall in depends on the widths of every earlier control), and a
 * global dynamic-group's data whose producer emitted no control key.
 */
final class GlobalWaiting {
  private GlobalWaiting() {}

  static void describe(TriggerSpec t, StateStore store, String app, String runId, String where, List<String> out) {
    String s = Keys.triggerState(app, runId, t.bucket(), t.name(), true);
    String mine = runId + "/";
    switch (t.type()) {
      case Trigger.ByBatchSize b -> {
        long size = size(store, s);
        int held = (int) (size % b.size());
        long own = count(store.members(s, size - held, held), mine);
        if (own > 0) {
          out.add(where + " holds " + held + " of the " + b.size() + " objects a batch needs, " + own
              + " of them from this run; the rest must come from any run");
        }
      }
      case Trigger.Redundant r -> {
        long size = size(store, s);
        int held = (int) (size % r.n());
        long own = count(store.members(s, size - held, held), mine);
        if (own > 0 && held < r.k()) {
          out.add(where + " holds " + held + " of the " + r.k() + " objects its round fires on, " + own
              + " of them from this run; the rest must come from any run");
        }
      }
      case Trigger.BySet set -> rounds(store, s, set.keys(), mine).forEach((round, own) ->
          out.add(where + " holds " + keyList(own) + " from this run in a round that is missing keys "
              + missing(store, s, set.keys(), round) + " (from any run)"));
      case Trigger.DynamicGroup g -> rounds(store, s, g.controlKeys(), mine).forEach((round, own) -> {
        List<String> missing = missing(store, s, g.controlKeys(), round);
        out.add(where + " has " + (g.controlKeys().size() - missing.size()) + " of " + g.controlKeys().size()
            + " control keys in the round of this run's " + keyList(own) + "; missing "
            + Waiting.abbreviate(missing) + " (from any run)");
      });
      case Trigger.DynamicJoin j -> {
        List<SetMember> controls = store.members(s + "/c", 0, Integer.MAX_VALUE);
        for (SetMember c : controls) {
          if (c.member().startsWith(mine) && store.get(s + "/claim/" + c.position()).isEmpty()) {
            out.add(where + " has not got all the branches that this run's control object '" + j.controlKey()
                + "' announced (round " + c.position() + "; branches come from any run)");
          }
        }
        if (controls.isEmpty()) {
          long own = count(store.members(s + "/b", 0, Integer.MAX_VALUE), mine);
          if (own > 0) {
            out.add(where + " holds " + own + " branch" + (own == 1 ? "" : "es") + " from this run but no run has sent a control object '"
                + j.controlKey() + "'");
          }
        }
      }
      default -> { } // immediate and by-name hold nothing; by-time fires on its timer
    }
  }

  /**
   * The incomplete rounds of a keyed global trigger (by-set, dynamic-group) that hold keys of this
   * run: per key a set of arrivals whose position is the round; rounds below the shortest set are
   * complete.
   */
  private static Map<Long, List<String>> rounds(StateStore store, String s, List<String> keys, String mine) {
    long[] sizes = sizes(store, s, keys);
    long complete = Long.MAX_VALUE;
    for (long n : sizes) {
      complete = Math.min(complete, n);
    }
    Map<Long, List<String>> own = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      for (SetMember m : store.members(s + "/k/" + keys.get(i), complete, (int) (sizes[i] - complete))) {
        if (m.member().startsWith(mine)) {
          own.computeIfAbsent(m.position(), r -> new ArrayList<>()).add(keys.get(i));
        }
      }
    }
    return own;
  }

  private static List<String> missing(StateStore store, String s, List<String> keys, long round) {
    List<String> out = new ArrayList<>();
    long[] sizes = sizes(store, s, keys);
    for (int i = 0; i < keys.size(); i++) {
      if (sizes[i] <= round) {
        out.add(keys.get(i));
      }
    }
    return out;
  }

  private static long[] sizes(StateStore store, String s, List<String> keys) {
    long[] sizes = new long[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      sizes[i] = size(store, s + "/k/" + keys.get(i));
    }
    return sizes;
  }

  private static long count(List<SetMember> members, String prefix) {
    return members.stream().filter(m -> m.member().startsWith(prefix)).count();
  }

  private static String keyList(List<String> keys) {
    return keys.size() == 1 ? "key '" + keys.get(0) + "'" : "keys " + Waiting.abbreviate(keys);
  }

  /** The number of members of a set, by probing positions (a global set may be long). */
  static long size(StateStore store, String set) {
    if (store.members(set, 0, 1).isEmpty()) {
      return 0;
    }
    long present = 0; // a position known to exist
    long absent = 1;  // a candidate, doubled until it does not exist
    while (!store.members(set, absent, 1).isEmpty()) {
      present = absent;
      absent *= 2;
    }
    while (absent - present > 1) {
      long mid = (present + absent) >>> 1;
      if (store.members(set, mid, 1).isEmpty()) {
        absent = mid;
      } else {
        present = mid;
      }
    }
    return absent;
  }
}
