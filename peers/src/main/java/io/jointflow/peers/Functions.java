package io.jointflow.peers;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The one activity of the centralized peer: invoke a function in its cloud and wait for its outcome. */
@ActivityInterface
public interface Functions {
  /**
   * Invokes {@code function} (as {@code step} says) with {@code inputs}, from the orchestrator's
   * cloud; its return value is encoded only when it is the app's {@code result} function.
   */
  @ActivityMethod
  Outcome invoke(String runId, String function, Plan.Step step, List<Item> inputs, boolean result);
}
