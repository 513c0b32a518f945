package io.jointflow.spi;

/** Opens a {@link BlobStore} by configuration name, found through {@link java.util.ServiceLoader}. */
public interface BlobStoreProvider {
  /** The configuration name. */
  String name();

  /**
   * Opens a store.
   *
   * @param location implementation specific (a directory, a bucket URL)
   * @throws StoreException if it cannot be opened, with the reason and the fix
   */
  BlobStore open(String location, Environment environment);
}
