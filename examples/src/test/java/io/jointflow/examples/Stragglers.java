package io.jointflow.examples;

import io.jointflow.definition.LoadedApp;
import io.jointflow.examples.redundant.Iris;
import io.jointflow.function.Call;
import io.jointflow.testkit.Await;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * redundant.yaml with the arrival order decided by the seed instead of the machine: the replica
 * with the longest delay (the straggler) is held back until {@code average} has started, so it
 * always arrives after the redundant trigger fired, however slow or busy the machine is; the other
 * replicas go at once. The handlers are the example's, each with one gate in front.
 */
public final class Stragglers {
  private static final int REPLICAS = 4;
  /** Per run: replica -> its delay, as the replicas registered them. */
  private static final Map<String, Map<Integer, Integer>> DELAYS = new ConcurrentHashMap<>();
  private static final Set<String> AVERAGING = ConcurrentHashMap.newKeySet();
  /** Per run: the replica that was held back. */
  private static final Map<String, Integer> HELD_BACK = new ConcurrentHashMap<>();

  private Stragglers() {}

  /** The example with the gated handlers. */
  static LoadedApp load() {
    return Examples.loadEdited("redundant", text -> text
        .replace(io.jointflow.examples.redundant.Classify.class.getName(), Classify.class.getName())
        .replace(io.jointflow.examples.redundant.Average.class.getName(), Average.class.getName()));
  }

  /** The replica held back in run {@code runId}. */
  static int heldBack(String runId) {
    return HELD_BACK.get(runId);
  }

  /** The example's replica, which first waits for the others to register and, if it is the straggler, for average. */
  public static class Classify extends io.jointflow.examples.redundant.Classify {
    @Override
    public Object handle(Call call) throws InterruptedException {
      Iris.Task task = call.input().as(Iris.Task.class);
      Map<Integer, Integer> delays = DELAYS.computeIfAbsent(call.runId(), r -> new ConcurrentHashMap<>());
      delays.put(task.replica(), task.delayMillis());
      Await.until("all " + REPLICAS + " replicas of run " + call.runId() + " started", () -> delays.size() == REPLICAS);
      int straggler = delays.entrySet().stream()
          .max(Comparator.comparing(Map.Entry<Integer, Integer>::getValue).thenComparing(Map.Entry::getKey))
          .orElseThrow().getKey();
      if (task.replica() == straggler) {
        Await.until("average started in run " + call.runId(), () -> AVERAGING.contains(call.runId()));
        HELD_BACK.put(call.runId(), straggler);
      }
      return super.handle(call);
    }
  }

  /** The example's average, which first lets the straggler go. */
  public static class Average extends io.jointflow.examples.redundant.Average {
    @Override
    public Object handle(Call call) {
      AVERAGING.add(call.runId());
      return super.handle(call);
    }
  }
}
