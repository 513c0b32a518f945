package io.jointflow.peers;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator: starts the entry function as an activity, and whenever an activity completes,
 * routes each object it emitted as the plan's triggers say (one activity per object for
 * {@code immediate}; for {@code dynamic-join}, one activity with every branch once the control
 * object's count of branches has arrived); returns the result function's result. Deterministic, as a
 * Temporal workflow must be.
 */
public class DagWorkflowImpl implements DagWorkflow {
  private final Functions functions = Workflow.newActivityStub(Functions.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
      .build());

  private record Running(String function, Promise<Outcome> outcome) {}

  private static final class Join {
    int expected = -1;
    final List<Item> branches = new ArrayList<>();
  }

  @Override
  public byte[] run(String runId, Plan plan, List<Item> inputs) {
    List<Running> running = new ArrayList<>();
    Map<String, Join> joins = new HashMap<>();
    running.add(start(runId, plan, plan.entry(), inputs));
    byte[] result = null;
    while (!running.isEmpty()) {
      Promise.anyOf(running.stream().map(Running::outcome).toList()).get();
      List<Running> done = running.stream().filter(r -> r.outcome().isCompleted()).toList();
      running.removeAll(done);
      for (Running r : done) {
        Outcome out = r.outcome().get(); // a failed activity (after its retries) fails the workflow
        if (r.function().equals(plan.result())) {
          result = out.result();
        }
        for (Item item : out.emitted()) {
          for (Plan.Route route : plan.routes().getOrDefault(item.bucket(), List.of())) {
            if (!route.join()) {
              running.add(start(runId, plan, route.target(), List.of(item)));
              continue;
            }
            Join j = joins.computeIfAbsent(item.bucket() + "/" + route.target(), k -> new Join());
            if (item.key().equals("ctrl")) {
              j.expected = Integer.parseInt(new String(item.value(), StandardCharsets.UTF_8).strip());
            } else {
              j.branches.add(item);
            }
            if (j.expected >= 0 && j.branches.size() == j.expected) {
              running.add(start(runId, plan, route.target(), List.copyOf(j.branches)));
              j.expected = Integer.MIN_VALUE; // fired once
            }
          }
        }
      }
    }
    return result;
  }

  private Running start(String runId, Plan plan, String function, List<Item> inputs) {
    return new Running(function, Async.function(functions::invoke, runId, function, plan.functions().get(function), inputs,
        function.equals(plan.result())));
  }
}
