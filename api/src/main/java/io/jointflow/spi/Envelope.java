package io.jointflow.spi;

import java.util.List;
import java.util.Objects;

/**
 * One invocation request, as passed to {@link ComputeBackend#invokeAsync} (Jointλ's JointλObject).
 *
 * @param app the app
 * @param runId the run
 * @param function the function to run
 * @param instanceId the deterministic instance id
 * @param trigger {@code bucket/trigger} that fired, or {@code start} for the entry invocation
 * @param branch the branch path (fan-outs push a level, fan-ins pop to the common prefix)
 * @param inputs input objects, in delivery order
 * @param attempt 0 for the first execution
 * @param depth hops since the run's entry invocation
 * @param deadlineMillis wall-clock time after which a missing output counts as lost
 * @param traceId a trace id shared by the whole run
 * @param signature request signature between hosts, or {@code null} inside one process
 * @param origin the cloud whose state store holds this invocation's record (its producer's cloud),
 *     or {@code null} for the host's own store (embedded, one cloud)
 */
public record Envelope(String app, String runId, String function, String instanceId, String trigger,
    List<Integer> branch, List<ObjRef> inputs, int attempt, int depth, long deadlineMillis,
    String traceId, String signature, String origin) {
  public Envelope {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(instanceId, "instanceId");
    branch = branch == null ? List.of() : List.copyOf(branch);
    inputs = List.copyOf(inputs);
  }

  /** An envelope whose record is in the host's own store ({@code origin} null). */
  public Envelope(String app, String runId, String function, String instanceId, String trigger,
      List<Integer> branch, List<ObjRef> inputs, int attempt, int depth, long deadlineMillis,
      String traceId, String signature) {
    this(app, runId, function, instanceId, trigger, branch, inputs, attempt, depth, deadlineMillis, traceId,
        signature, null);
  }

  /** The same envelope for another execution attempt with a new deadline. */
  public Envelope retry(int nextAttempt, long newDeadlineMillis) {
    return new Envelope(app, runId, function, instanceId, trigger, branch, inputs, nextAttempt, depth,
        newDeadlineMillis, traceId, signature, origin);
  }
}
