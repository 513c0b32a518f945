package io.jointflow.core;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.BlobStoreProvider;
import io.jointflow.spi.Environment;
import io.jointflow.spi.StoreException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Opens a {@link FileBlobStore} for {@code --blobs filesystem:DIR}; the location is the directory. */
public final class FileBlobStoreProvider implements BlobStoreProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public FileBlobStoreProvider() {}

  @Override
  public String name() {
    return "filesystem";
  }

  /**
   * Opens the store in directory {@code location}, creating it if needed.
   *
   * @throws StoreException if the location is blank, not a valid path, or not a usable directory
   */
  @Override
  public BlobStore open(String location, Environment environment) {
    if (location == null || location.isBlank()) {
      throw new StoreException("blob store 'filesystem' needs a directory: '" + location + "'; use filesystem:DIR", null, false);
    }
    Path dir;
    try {
      dir = Path.of(location);
    } catch (InvalidPathException e) {
      throw new StoreException("blob store 'filesystem' location is not a valid path: " + location, e, false);
    }
    return FileBlobStore.open(dir);
  }
}
