package io.jointflow.peers;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The centralized peer: Temporal's Java SDK with its in-process test server ({@code
 * TestWorkflowEnvironment}), the orchestrator placed in one cloud, invoking each function in its
 * cloud over the emulated network of the clouds file (see {@link FunctionsActivity}).
 *
 * <p>The test server keeps its workflow histories in memory only: nothing is durable, there are no
 * shards, persistence or replication. Its latencies are a lower bound on a real Temporal deployment,
 * not a measurement of one. Time skipping is off, so emulated delays are real waits.
 *
 * <p>Thread safe; runs may be started concurrently. Close it to stop the server and the worker.
 */
public final class TemporalPeer implements AutoCloseable {
  private static final String QUEUE = "jointflow-peer";

  private final TestWorkflowEnvironment env;
  private final String orchestrator;
  private final Map<String, ConcurrentLinkedQueue<Invocation>> invocations = new ConcurrentHashMap<>();
  private final AtomicLong runs = new AtomicLong();

  private TemporalPeer(TestWorkflowEnvironment env, String orchestrator) {
    this.env = env;
    this.orchestrator = orchestrator;
  }

  /**
   * Starts the test server and a worker whose orchestrator is in {@code orchestratorCloud}.
   *
   * @param handlers where the handler classes are looked up
   */
  public static TemporalPeer start(Clouds clouds, String orchestratorCloud, ClassLoader handlers) {
    clouds.cloud(orchestratorCloud); // fails naming the known clouds
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    TemporalPeer peer = new TemporalPeer(env, orchestratorCloud);
    Worker worker = env.newWorker(QUEUE, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(1000)
        .setUsingVirtualThreadsOnActivityWorker(true)
        .build());
    worker.registerWorkflowImplementationTypes(DagWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FunctionsActivity(new PeerNetwork(clouds), orchestratorCloud, handlers,
        inv -> peer.invocations.computeIfAbsent(inv.runId(), k -> new ConcurrentLinkedQueue<>()).add(inv)));
    env.start();
    return peer;
  }

  /** The cloud the orchestrator runs in. */
  public String orchestratorCloud() {
    return orchestrator;
  }

  /**
   * Runs {@code app} (its functions in their primary clouds) to the end with {@code inputs} as the
   * entry's input objects (byte arrays, strings, or values encoded as JSON).
   *
   * @throws io.temporal.client.WorkflowFailedException if a function failed
   */
  public PeerRun run(App app, Map<String, ?> inputs) {
    Plan plan = Plan.of(app);
    String runId = app.name() + "-" + runs.incrementAndGet();
    List<Item> items = new ArrayList<>();
    inputs.forEach((k, v) -> items.add(new Item("inputs", k, PeerObj.encode(v))));
    DagWorkflow wf = env.getWorkflowClient().newWorkflowStub(DagWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(runId).build());
    long t0 = System.nanoTime();
    byte[] result = wf.run(runId, plan, items);
    long nanos = System.nanoTime() - t0;
    ConcurrentLinkedQueue<Invocation> inv = invocations.remove(runId);
    return new PeerRun(runId, result, t0, nanos, inv == null ? List.of() : List.copyOf(inv),
        historyLength(runId));
  }

  private long historyLength(String runId) {
    return env.getWorkflowClient().fetchHistory(runId).getHistory().getEventsCount();
  }

  /**
   * One run on the peer.
   *
   * @param startedNanos {@link System#nanoTime()} when the workflow was started
   * @param makespanNanos from starting the workflow to its result arriving at the caller
   * @param invocations every function invocation, in completion order
   * @param historyEvents the events in the workflow's history (Temporal's own count of its transitions)
   */
  public record PeerRun(String runId, byte[] result, long startedNanos, long makespanNanos, List<Invocation> invocations,
      long historyEvents) {
    /** The result as text. */
    public String resultText() {
      return result == null ? null : new String(result, StandardCharsets.UTF_8);
    }

    /** The result decoded as {@code type}, as Jointflow decodes it. */
    public <T> T resultAs(Class<T> type) {
      return new PeerObj(runId, new Item("result", "result", result)).as(type);
    }

    /** The result as a read-only buffer. */
    public ByteBuffer resultBuffer() {
      return ByteBuffer.wrap(result).asReadOnlyBuffer();
    }
  }

  @Override
  public void close() {
    env.close();
  }
}
