package io.jointflow.spi;

/**
 * Opens a {@link StateStore} by configuration name, found through {@link java.util.ServiceLoader}.
 * {@code --state sqlite:PATH} selects the provider named {@code sqlite} with location {@code PATH}.
 */
public interface StateStoreProvider {
  /** The configuration name. */
  String name();

  /**
   * Opens a store.
   *
   * @param location implementation specific (a file path, a URL); may be empty
   * @throws StoreException if it cannot be opened, with the reason and the fix
   */
  StateStore open(String location, Environment environment);
}
