package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * Receives a model sent from another cloud (a rotated stellar model, or a hub's global model),
 * opens it with the rotation key and hands it to the method in the receiving data center. Built by
 * a worker (no-arg constructor), it serves the job its {@code fl} config names.
 */
public final class ReceiveFunction implements Handler {
  private final Site fixed;

  /** For a worker: the site is the job of the function's {@code fl} config. */
  public ReceiveFunction() {
    this(null);
  }

  ReceiveFunction(Site site) {
    this.fixed = site;
  }

  @Override
  public Object handle(Call call) {
    Site site = fixed != null ? fixed : Site.of(call);
    Site.Arrival a = site.modelArrived(call.input().bytes());
    float[] model;
    try {
      model = Parcel.floats(site.attestation().open(
          site.attestation().keyFor(Attestation.ROTATION, ReceiveFunction.class), a.parcel()));
    } catch (Attestation.AttestationException e) {
      return "rejected";
    }
    return site.received(call, a, model);
  }
}
