package io.jointflow.peers;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** A centralized orchestrator's workflow: runs a {@link Plan} from its entry to its result. */
@WorkflowInterface
public interface DagWorkflow {
  /** Runs the plan with {@code inputs} as the entry's input objects; returns the result function's result. */
  @WorkflowMethod
  byte[] run(String runId, Plan plan, List<Item> inputs);
}
