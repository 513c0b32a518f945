package io.jointflow.fl;

import io.jointflow.function.JointflowException;
import java.util.List;

/**
 * A method's agents kept on a cluster: each in the state store of its data center's cloud, every
 * operation one run of app {@code fl-agent-D} on that cloud's worker ({@link AgentFunction}), whose
 * result is the operation's effects. Merges and received models run inside the job and transfer
 * steps' own functions, in the aggregator's and receiver's workers ({@link WorkerSite}).
 * Closing deletes the records; a run that failed tries once to delete them ({@link #abandon}).
 */
final class RemoteAgents implements Agents {
  private final ClusterSteps steps;
  private final boolean[] present;

  RemoteAgents(ClusterSteps steps) {
    this.steps = steps;
    this.present = new boolean[steps.setup().dataCenters().size()];
  }

  @Override
  public boolean has(int d) {
    return present[d];
  }

  @Override
  public void create(int d, Agent agent) {
    operate(Wire.Op.CREATE, d, AgentRecord.of(agent).encode(), null, false, null);
    present[d] = true;
  }

  @Override
  public AgentRecord read(int d) {
    throw new UnsupportedOperationException("fl agent " + d + " is kept on the cluster; read what it serves instead");
  }

  @Override
  public List<Effect> start(int d) {
    return operate(Wire.Op.START, d, null, null, false, null).effects();
  }

  @Override
  public List<Effect> ended(Job job, boolean ok, long inFlight) {
    return steps.operate(new Wire.Op(steps.ctx(), Wire.Op.ENDED, job.aggregator(), null, job, ok, inFlight, null), true)
        .effects();
  }

  @Override
  public List<Effect> onTimer(Timer t) {
    return operate(Wire.Op.TIMER, t.agent(), null, null, false, t).effects();
  }

  @Override
  public List<float[]> serving(int d) {
    return operate(Wire.Op.SERVING, d, null, null, false, null).models();
  }

  private Wire.Result operate(String kind, int d, byte[] record, Job job, boolean ok, Timer t) {
    return steps.operate(new Wire.Op(steps.ctx(), kind, d, record, job, ok, 0, t), true);
  }

  /** Deletes the agents' records from their clouds' stores: the run is over. */
  @Override
  public void close() {
    for (int d = 0; d < present.length; d++) {
      if (present[d]) {
        operate(Wire.Op.DROP, d, null, null, false, null);
        present[d] = false;
      }
    }
  }

  /**
   * The run failed with {@code failure}: tries once to delete each agent's record, without waiting
   * for a store; a record that stays is named in a suppressed exception of {@code failure}.
   */
  void abandon(Throwable failure) {
    for (int d = 0; d < present.length; d++) {
      if (present[d]) {
        try {
          steps.operate(new Wire.Op(steps.ctx(), Wire.Op.DROP, d, null, null, false, 0, null), false);
          present[d] = false;
        } catch (RuntimeException e) {
          String key = AgentStore.PREFIX + steps.run() + "/" + steps.method() + "/" + d;
          failure.addSuppressed(new JointflowException("fl agent " + d + "'s record stays in the store of cloud '"
              + steps.setup().dataCenters().get(d) + "' under key '" + key + "' (delete it with 'jointflow fl clean"
              + " FL_YAML --run " + steps.run() + "', which reaches the store directly, not through the worker): "
              + e.getMessage(), e));
        }
      }
    }
  }
}
