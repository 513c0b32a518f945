package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.JointflowException;

/**
 * A data center's (or hub's) aggregator, invoked by the trigger on bucket {@code updates} for every
 * arriving update: opens it (rejecting what does not authenticate) and hands it to the method's
 * merge rule once per job, however often it is delivered or retried. Returns {@code applied},
 * {@code duplicate} or {@code rejected}.
 */
public final class AggregateFunction implements Handler {
  private final Engine engine;

  AggregateFunction(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Object handle(Call call) {
    Parcel p;
    float[] update;
    try {
      p = Parcel.decode(call.input().bytes());
      update = Parcel.floats(engine.attestation().open(
          engine.attestation().keyFor(engine.cloud(p.getInt("dc")), AggregateFunction.class), p));
    } catch (Attestation.AttestationException e) {
      call.log().log(System.Logger.Level.DEBUG, "update rejected: " + e.getMessage());
      return "rejected";
    }
    String outcome = engine.merge(p.getLong("id"), update);
    if (engine.faults().crashAggregatorOnce(p.getInt("aggregator")) && call.attempt() == 0) {
      throw new JointflowException("aggregator of data center " + p.get("aggregator") + " crashed (injected) after merging"
          + " job " + p.get("id"));
    }
    return outcome;
  }
}
