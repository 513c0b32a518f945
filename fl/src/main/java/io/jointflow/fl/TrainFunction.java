package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * A data owner's training function, run in its data center's cloud: opens the sealed model with
 * the key attestation releases to it, trains on the owner's (sealed) partition and emits the
 * sealed update into bucket {@code updates}, whose trigger invokes the aggregator.
 */
public final class TrainFunction implements Handler {
  private final Engine engine;

  TrainFunction(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Object handle(Call call) {
    Parcel job = Parcel.decode(call.input().bytes());
    int owner = job.getInt("owner");
    int dc = job.getInt("dc");
    engine.faults().checkJob(owner, dc, Double.parseDouble(job.get("end")));
    Map<String, String> header = new HashMap<>(job.header());
    header.put("kind", "update");
    Parcel out;
    if (engine.faults().unattested(owner)) {
      out = UnattestedTraining.run(engine, job, header);
    } else {
      SecretKey key = engine.attestation().keyFor(engine.cloud(dc), TrainFunction.class);
      float[] model = Parcel.floats(engine.attestation().open(key, job));
      float[] update = engine.setup().model().train(model, engine.ownerData(owner, key), engine.options().train(),
          engine.options().seed() * 31 + job.getLong("id"));
      out = engine.attestation().seal(key, header, Parcel.bytes(update));
    }
    byte[] wire = out.encode();
    if (engine.faults().tampered(owner)) {
      wire[wire.length - 20] ^= 0x5A; // the container's host alters the update on its way out
    }
    call.emit("updates", "update", wire);
    return null;
  }
}
