package io.jointflow.core;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import java.util.function.Supplier;

/**
 * A cloud's state store as code in another cloud (or the same) sees it under emulation: every call
 * takes a network round trip from the caller's cloud, and fails as unreachable during the cloud's
 * store outage windows (retryable, so steps wait and resume). The store itself is real.
 */
final class EmulatedStateStore extends InterceptedStateStore {
  private final String cloud;
  private final Emulator emulator;

  EmulatedStateStore(StateStore delegate, String cloud, Emulator emulator) {
    super(delegate);
    this.cloud = cloud;
    this.emulator = emulator;
  }

  @Override
  <T> T intercept(Call call, String key, long bytes, Supplier<T> body) {
    if (emulator.storeDown(cloud)) {
      throw new StoreException("state store of cloud '" + cloud + "' is unreachable (emulated outage) during " + call.label,
          null, true);
    }
    emulator.roundTrip(Emulation.Effect.STORE_CALL, cloud, bytes, key);
    return body.get();
  }

  @Override
  public String toString() {
    return "state store of cloud '" + cloud + "' (emulated network) over " + delegate;
  }
}
