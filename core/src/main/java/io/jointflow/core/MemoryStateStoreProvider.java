package io.jointflow.core;

import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;

/** Opens a new, empty {@link MemoryStateStore} for {@code --state memory}; it takes no location. */
public final class MemoryStateStoreProvider implements StateStoreProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public MemoryStateStoreProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  /**
   * A new, empty store; every call opens a separate one.
   *
   * @throws StoreException if {@code location} is not blank (a memory store has none)
   */
  @Override
  public StateStore open(String location, Environment environment) {
    if (location != null && !location.isBlank()) {
      throw new StoreException(
          "state store 'memory' takes no location: " + location + "; use --state memory, or sqlite:PATH to persist",
          null,
          false);
    }
    return MemoryStateStore.create();
  }
}
