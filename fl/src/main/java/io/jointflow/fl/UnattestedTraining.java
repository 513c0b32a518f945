package io.jointflow.fl;

import java.util.Map;

/**
 * What an owner running modified training code can do: the broker refuses it the data center's key
 * (its measurement differs), so it trains from nothing it could open and seals with a key of its own.
 */
final class UnattestedTraining {
  private UnattestedTraining() {}

  static Parcel run(Site engine, Parcel job, Map<String, String> header) {
    try {
      engine.attestation().keyFor(engine.cloud(job.getInt("dc")), UnattestedTraining.class);
    } catch (Attestation.AttestationException refused) {
      // expected: the allow-list does not hold this class
    }
    float[] forged = engine.setup().model().initialParameters(job.getLong("id"));
    return engine.attestation().seal(engine.attestation().ownKey(), header, Parcel.bytes(forged));
  }
}
