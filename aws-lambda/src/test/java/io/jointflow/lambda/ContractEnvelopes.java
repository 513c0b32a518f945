package io.jointflow.lambda;

import io.jointflow.spi.Envelope;
import java.util.List;

/** Small envelopes for the tests. */
final class ContractEnvelopes {
  private ContractEnvelopes() {}

  static Envelope of(String function, String id) {
    return new Envelope("app", "run", function, id, "start", List.of(), List.of(), 0, 0, 1_800_000_000_000L, "run", null);
  }
}
