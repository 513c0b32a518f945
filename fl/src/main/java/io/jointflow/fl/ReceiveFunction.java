package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * Receives a model sent from another cloud (a rotated stellar model, or a hub's global model),
 * opens it with the rotation key and hands it to the method in the receiving data center.
 */
public final class ReceiveFunction implements Handler {
  private final Engine engine;

  ReceiveFunction(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Object handle(Call call) {
    Parcel p = Parcel.decode(call.input().bytes());
    float[] model;
    try {
      model = Parcel.floats(engine.attestation().open(
          engine.attestation().keyFor(Attestation.ROTATION, ReceiveFunction.class), p));
    } catch (Attestation.AttestationException e) {
      return "rejected";
    }
    engine.received(p, model);
    return "ok";
  }
}
