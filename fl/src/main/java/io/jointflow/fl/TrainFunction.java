package io.jointflow.fl;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * A data owner's training function, run in its data center's cloud: opens the sealed model with
 * the key attestation releases to it, trains on the owner's (sealed) partition and emits the
 * sealed update into bucket {@code updates}, whose trigger invokes the aggregator. Built by a
 * worker (no-arg constructor), it serves the job its {@code fl} config names.
 */
public final class TrainFunction implements Handler {
  private final Site fixed;

  /** For a worker: the site is the job of the function's {@code fl} config. */
  public TrainFunction() {
    this(null);
  }

  TrainFunction(Site site) {
    this.fixed = site;
  }

  @Override
  public Object handle(Call call) {
    Site site = fixed != null ? fixed : Site.of(call);
    Parcel job = Parcel.decode(call.input("in").bytes());
    int owner = job.getInt("owner");
    int dc = job.getInt("dc");
    site.faults().checkJob(owner, dc, Double.parseDouble(job.get("end")));
    Map<String, String> header = new HashMap<>(job.header());
    header.put("kind", "update");
    Parcel out;
    if (site.faults().unattested(owner)) {
      out = UnattestedTraining.run(site, job, header);
    } else {
      SecretKey key = site.attestation().keyFor(site.cloud(dc), TrainFunction.class);
      float[] model = Parcel.floats(site.attestation().open(key, job));
      float[] update = site.setup().model().train(model, site.ownerData(owner, key), site.options().train(),
          site.options().seed() * 31 + job.getLong("id"));
      out = site.attestation().seal(key, header, Parcel.bytes(update));
    }
    byte[] wire = out.encode();
    if (site.faults().tampered(owner)) {
      wire[wire.length - 20] ^= 0x5A; // the container's host alters the update on its way out
    }
    call.emit("updates", "update", site.update(call, wire));
    return null;
  }
}
