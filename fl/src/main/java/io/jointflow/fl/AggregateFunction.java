package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.JointflowException;

/**
 * A data center's (or hub's) aggregator, invoked by the trigger on bucket {@code updates} for every
 * arriving update: opens it (rejecting what does not authenticate) and hands it to the method's
 * merge rule once per job, however often it is delivered or retried. Returns {@code applied},
 * {@code duplicate} or {@code rejected} (in a worker, {@code applied} and {@code duplicate} come
 * with the merge's effects, {@link Wire#result}). Built by a worker (no-arg constructor), it serves
 * the job its {@code fl} config names.
 */
public final class AggregateFunction implements Handler {
  private final Site fixed;

  /** For a worker: the site is the job of the function's {@code fl} config. */
  public AggregateFunction() {
    this(null);
  }

  AggregateFunction(Site site) {
    this.fixed = site;
  }

  @Override
  public Object handle(Call call) {
    Site site = fixed != null ? fixed : Site.of(call);
    Site.Arrival a;
    float[] update;
    try {
      a = site.updateArrived(call.input().bytes());
      update = Parcel.floats(site.attestation().open(
          site.attestation().keyFor(site.cloud(a.parcel().getInt("dc")), AggregateFunction.class), a.parcel()));
    } catch (Attestation.AttestationException e) {
      call.log().log(System.Logger.Level.DEBUG, "update rejected: " + e.getMessage());
      return "rejected";
    }
    Object outcome = site.merge(call, a, update);
    if (site.faults().crashAggregatorOnce(a.parcel().getInt("aggregator")) && call.attempt() == 0) {
      throw new JointflowException("aggregator of data center " + a.parcel().get("aggregator") + " crashed (injected)"
          + " after merging job " + a.parcel().get("id"));
    }
    return outcome;
  }
}
