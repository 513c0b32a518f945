package io.jointflow.core;

import io.jointflow.spi.StateStore;
import java.util.function.Supplier;

/**
 * A cloud's state store that tells a {@link RuntimeObserver} of every call before making it. Only
 * installed when the host has an observer, so that a host without one pays nothing per call.
 */
final class ObservedStateStore extends InterceptedStateStore {
  private final String cloud;
  private final RuntimeObserver observer;

  ObservedStateStore(StateStore delegate, String cloud, RuntimeObserver observer) {
    super(delegate);
    this.cloud = cloud;
    this.observer = observer;
  }

  @Override
  <T> T intercept(Call call, String key, long bytes, Supplier<T> body) {
    observer.storeCalled(cloud, call == Call.BATCH ? RuntimeObserver.StoreCall.BATCH
        : call.read ? RuntimeObserver.StoreCall.READ : RuntimeObserver.StoreCall.WRITE);
    return body.get();
  }

  @Override
  public String toString() {
    return "state store of cloud '" + cloud + "' (observed) over " + delegate;
  }
}
