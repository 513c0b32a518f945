package io.jointflow.core;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlobStore} in a directory (configuration name {@code filesystem}), safe to share between
 * threads and processes on one machine.
 *
 * <p>Layout: blobs are files under {@code DIR/blobs}, one directory level per key name (names are
 * escaped to plain ASCII, see {@link FileBlobKeys}); writes are staged in {@code DIR/tmp}. A put
 * writes the bytes to a temporary file, forces them to disk, then links the final name with {@link
 * Files#createLink}, which fails if the name exists: so exactly one of racing writers wins, readers
 * never see a partial blob, and the blob is durable once the directory entry is forced too. Leftover
 * temporary files of crashed writers may remain in {@code DIR/tmp}; they are never read.
 *
 * <p>Limits: the directory must be on a filesystem with hard links; a key cannot hold a blob and
 * also have keys below it ({@code x} and {@code x/y}), which is reported as a {@link
 * StoreException}. Keys that are empty, absolute, or have empty, {@code .} or {@code ..} names are
 * rejected with an {@link IllegalArgumentException}.
 */
public final class FileBlobStore implements BlobStore {
  /** Blobs at least this large are memory-mapped by {@link #get}; smaller ones are read. */
  private static final int MAP_THRESHOLD = 64 * 1024;
  /** How often a put retries after a concurrent deletePrefix removed its directory. */
  private static final int MAX_ATTEMPTS = 16;

  private final Path directory;
  private final Path blobs;
  private final Path tmp;
  private volatile boolean closed;

  private FileBlobStore(Path directory) {
    this.directory = directory;
    this.blobs = directory.resolve("blobs");
    this.tmp = directory.resolve("tmp");
  }

  /**
   * Opens the store in {@code directory}, creating it (and its parents) if needed.
   *
   * @throws StoreException if it is not a directory, or cannot be created or written
   */
  public static FileBlobStore open(Path directory) {
    Path dir = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StoreException("blob store 'filesystem' location is not a directory: " + dir + "; give a directory path", null, false);
    }
    FileBlobStore store = new FileBlobStore(dir);
    try {
      Files.createDirectories(store.blobs);
      Files.createDirectories(store.tmp);
    } catch (IOException e) {
      throw new StoreException(
          "blob store 'filesystem' cannot create its directories in " + dir + ": " + e + "; check that the parent exists and is writable", e, false);
    }
    if (!Files.isWritable(store.blobs) || !Files.isWritable(store.tmp)) {
      throw new StoreException("blob store 'filesystem' directory is not writable: " + dir + "; fix its permissions or choose another", null, false);
    }
    return store;
  }

  @Override
  public String name() {
    return "filesystem";
  }

  /** The directory the store was opened in. */
  public Path directory() {
    return directory;
  }

  @Override
  public boolean putIfAbsent(String key, ByteBuffer data) {
    Path target = FileBlobKeys.resolve(blobs, key);
    Objects.requireNonNull(data, "data");
    checkOpen();
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path staged = null;
    try {
      staged = stage(data);
      for (int attempt = 1; ; attempt++) {
        try {
          createDirectories(key, target.getParent());
          Files.createLink(target, staged);
        } catch (FileAlreadyExistsException e) {
          if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
          }
          throw conflict(key, target, e);
        } catch (NoSuchFileException e) {
          // A concurrent deletePrefix removed an empty directory on the path: create it again.
          if (attempt == MAX_ATTEMPTS) {
            throw new StoreException("blob '" + key + "' lost its directory " + MAX_ATTEMPTS + " times to concurrent deletes", e, true);
          }
          continue;
        }
        forceDirectory(target.getParent());
        return true;
      }
    } catch (IOException e) {
      throw new StoreException("blob '" + key + "' could not be stored in " + directory + ": " + e, e, true);
    } finally {
      if (staged != null) {
        deleteQuietly(staged);
      }
    }
  }

  private Path stage(ByteBuffer data) throws IOException {
    Path staged = Files.createTempFile(tmp, "put-", ".tmp");
    try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
      ByteBuffer src = data.duplicate();
      while (src.hasRemaining()) {
        out.write(src);
      }
      out.force(true);
      return staged;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(staged);
      throw e;
    }
  }

  /** Creates {@code dir} and missing parents below the blob root, forcing each new entry to disk. */
  private void createDirectories(String key, Path dir) throws IOException {
    if (dir.equals(blobs) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    createDirectories(key, dir.getParent());
    try {
      Files.createDirectory(dir);
      forceDirectory(dir.getParent());
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw conflict(key, dir, e);
      }
    }
  }

  private StoreException conflict(String key, Path existing, IOException cause) {
    String problem =
        Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)
            ? "conflicts with the keys below it: '" + key + "/...' exist"
            : "conflicts with blob '" + FileBlobKeys.keyOf(blobs, existing) + "'";
    return new StoreException(
        "blob '" + key + "' " + problem + "; the filesystem store cannot hold both a key 'x' and keys 'x/...'",
        cause,
        false);
  }

  /** The blob as a read-only buffer: memory-mapped if large, else read into the heap. */
  @Override
  public Optional<ByteBuffer> get(String key) {
    Path path = FileBlobKeys.resolve(blobs, key);
    checkOpen();
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
        long size = in.size();
        if (size > Integer.MAX_VALUE) {
          throw new StoreException("blob '" + key + "' is larger than 2 GiB: " + size + " bytes", null, false);
        }
        if (size >= MAP_THRESHOLD) {
          return Optional.of(in.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && in.read(bytes) >= 0) {
          // read until full; blobs never change after they are linked
        }
        return Optional.of(bytes.flip().asReadOnlyBuffer());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty(); // absent, or a blob stands where a directory of the key would be
      }
      throw new StoreException("blob '" + key + "' could not be read from " + directory + ": " + e, e, true);
    }
  }

  @Override
  public long deletePrefix(String prefix) {
    FileBlobKeys.PrefixLocation where = FileBlobKeys.locate(blobs, prefix);
    checkOpen();
    if (!Files.isDirectory(where.directory(), LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(where.directory())) {
      for (Path entry : entries) {
        if (entry.getFileName().toString().startsWith(where.namePrefix())) {
          removed += deleteTree(entry);
        }
      }
    } catch (NoSuchFileException e) {
      // removed by a concurrent deletePrefix
    } catch (IOException e) {
      throw new StoreException("blob prefix '" + prefix + "' could not be deleted in " + directory + ": " + e, e, true);
    }
    pruneEmptyDirectories(where.directory());
    return removed;
  }

  /** Deletes a file or a directory tree, returning how many files this call removed. */
  private static long deleteTree(Path top) throws IOException {
    long[] removed = {0};
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (Files.deleteIfExists(file)) {
              removed[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            deleteEmptyDirectory(dir);
            return FileVisitResult.CONTINUE;
          }
        });
    return removed[0];
  }

  /** Removes {@code dir} and its ancestors below the blob root while they are empty. */
  private void pruneEmptyDirectories(Path dir) {
    for (Path d = dir; d != null && !d.equals(blobs) && d.startsWith(blobs); d = d.getParent()) {
      try {
        if (!deleteEmptyDirectory(d)) {
          return;
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Deletes {@code dir} if it is empty; a concurrent put may have filled it, which is fine. */
  private static boolean deleteEmptyDirectory(Path dir) throws IOException {
    try {
      return Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      return false;
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (NoSuchFileException e) {
      // a concurrent deletePrefix removed it with everything in it: nothing left to make durable
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file is harmless: it is never read
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("blob store 'filesystem' in " + directory + " is closed", null, false);
    }
  }

  /** Marks the store closed; buffers already returned stay valid. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }
}
