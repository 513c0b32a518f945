package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The context of one agent operation: it reads the run through the run's context and records the
 * operation's effects, in order, instead of acting, so that the operation is a pure step (load,
 * operate, store) whose effects the engine applies afterwards. Once {@link #effects} is taken the
 * operation is over and a late effect fails loudly.
 */
final class Operation implements AgentContext {
  private final AgentContext run;
  private List<Effect> effects = new ArrayList<>();

  Operation(AgentContext run) {
    this.run = run;
  }

  /** The effects recorded, in order; ends the operation. */
  List<Effect> effects() {
    List<Effect> r = List.copyOf(record());
    effects = null;
    return r;
  }

  /**
   * Whether the effects recorded so far run no step when applied: only dispatches (which schedule
   * a job) and timers (which queue an event), no send and no signal.
   */
  boolean runsNoStep() {
    return record().stream().allMatch(e -> e instanceof Effect.Dispatch || e instanceof Effect.At);
  }

  private List<Effect> record() {
    if (effects == null) {
      throw new IllegalStateException("an fl agent acted after its operation was over (its effects were taken)");
    }
    return effects;
  }

  @Override
  public double now() {
    return run.now();
  }

  @Override
  public FlSetup setup() {
    return run.setup();
  }

  @Override
  public Faults faults() {
    return run.faults();
  }

  @Override
  public int samples(int owner) {
    return run.samples(owner);
  }

  @Override
  public double priorTime(Container c, int dc, int aggregator) {
    return run.priorTime(c, dc, aggregator);
  }

  @Override
  public void dispatch(int dc, Container c, int slot, long base, float[] model, int aggregator) {
    record().add(new Effect.Dispatch(dc, c, slot, base, model, aggregator));
  }

  @Override
  public boolean send(int src, int dst, Map<String, String> header, float[] model, Timer undelivered) {
    if (faults().dcDown(src, now()) || faults().dcDown(dst, now())) {
      return false;
    }
    record().add(new Effect.Send(src, dst, header, model, undelivered));
    return true;
  }

  @Override
  public void at(double time, Timer t) {
    record().add(new Effect.At(time, t));
  }

  @Override
  public void signal(Timer t) {
    record().add(new Effect.Signal(t));
  }
}
