package io.jointflow.core;

import io.jointflow.app.TriggerSpec;
import io.jointflow.spi.ObjRef;
import java.util.List;

/**
 * A trigger that fired: which instance to invoke, in which run, with which inputs.
 *
 * @param trigger the trigger
 * @param runId the run the instance belongs to (for global triggers, the run of the completing object)
 * @param instanceId the deterministic instance id
 * @param inputs the target's inputs in delivery order
 * @param branch the instance's branch path
 * @param depth hops since the entry invocation
 * @param round the round of a global trigger that fired (its state up to it can be trimmed), else -1
 */
record Firing(TriggerSpec trigger, String runId, String instanceId, List<ObjRef> inputs,
    List<Integer> branch, int depth, long round) {

  /** The common prefix of the inputs' branch paths (a fan-in pops back to where the fan-out began). */
  static List<Integer> commonBranch(List<ObjRef> inputs) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    List<Integer> prefix = inputs.get(0).info().branch();
    int n = prefix.size();
    for (ObjRef r : inputs) {
      List<Integer> b = r.info().branch();
      int i = 0;
      while (i < n && i < b.size() && b.get(i).equals(prefix.get(i))) {
        i++;
      }
      n = i;
    }
    return prefix.subList(0, n);
  }
}
