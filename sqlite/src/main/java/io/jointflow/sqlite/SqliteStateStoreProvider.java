package io.jointflow.sqlite;

import io.jointflow.spi.Environment;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Opens a {@link SqliteStateStore} for {@code --state sqlite:PATH}; the location is the file path. */
public final class SqliteStateStoreProvider implements StateStoreProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public SqliteStateStoreProvider() {}

  @Override
  public String name() {
    return "sqlite";
  }

  /**
   * Opens the store in file {@code location} with default options, creating the file if needed.
   *
   * @throws StoreException if the location is blank, not a valid path, or cannot be opened
   */
  @Override
  public StateStore open(String location, Environment environment) {
    if (location == null || location.isBlank()) {
      throw new StoreException("state store 'sqlite' needs a file path: '" + location + "'; use --state sqlite:PATH", null, false);
    }
    try {
      return SqliteStateStore.open(Path.of(location));
    } catch (InvalidPathException e) {
      throw new StoreException("state store 'sqlite' location is not a valid path: " + location, e, false);
    }
  }
}
