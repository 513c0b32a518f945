package io.jointflow.sqlite;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded durable {@link StateStore} (configuration name {@code sqlite}): one SQLite file in
 * WAL mode with {@code synchronous=FULL}, so a write is on disk when its call returns.
 *
 * <p>Plain values, ordered sets, counters and lists live in native tables; set positions are
 * assigned inside the write transaction, so exactly one caller sees each position. Every write goes
 * to one writer thread that commits all writes waiting at that moment in one transaction (group
 * commit): concurrent callers share one fsync, and each still gets its own result or its own error.
 * {@link #commits()} and {@link #committedWrites()} report how well that works. An atomic batch
 * ({@link #writeBatch}) is one write of a group commit: its operations run in one savepoint, and a
 * failed condition rolls back that batch alone. Reads use a small
 * pool of read connections and see every committed write.
 *
 * <p>Several processes may open the same file: SQLite's locks serialize their writers, and a
 * writer waits up to {@link SqliteOptions#busyTimeout()} for another process's transaction. Keys
 * and set members must be valid Unicode (no unpaired surrogates). Thread safe; {@link #close()}
 * commits the writes already submitted before it returns.
 */
public final class SqliteStateStore implements StateStore {
  /** The most operations one batch may hold (one transaction; far above DynamoDB's 100). */
  private static final int MAX_BATCH = 10_000;
  private final Path file;
  private final String label;
  private final SqliteWriter writer;
  private final SqliteReaders readers;

  private SqliteStateStore(Path file, String label, SqliteWriter writer, SqliteReaders readers) {
    this.file = file;
    this.label = label;
    this.writer = writer;
    this.readers = readers;
  }

  /**
   * Opens (creating if needed) the store in {@code file} with {@link SqliteOptions#defaults()}.
   *
   * @throws StoreException if the file cannot be opened, with the reason and the fix
   */
  public static SqliteStateStore open(Path file) {
    return open(file, SqliteOptions.defaults());
  }

  /**
   * Opens (creating if needed) the store in {@code file}.
   *
   * @throws StoreException if the file cannot be opened, with the reason and the fix
   */
  public static SqliteStateStore open(Path file, SqliteOptions options) {
    Path path = checkPath(Objects.requireNonNull(file, "file").toAbsolutePath().normalize());
    Objects.requireNonNull(options, "options");
    String label = "sqlite state store '" + path + "'";
    SqliteConnection writeConnection = null;
    List<SqliteConnection> readConnections = new ArrayList<>();
    try {
      writeConnection = SqliteConnection.open(path, options, true);
      createSchema(label, writeConnection);
      for (int i = 0; i < options.readConnections(); i++) {
        readConnections.add(SqliteConnection.open(path, options, false));
      }
    } catch (SQLException | RuntimeException e) {
      if (writeConnection != null) {
        writeConnection.close();
      }
      readConnections.forEach(SqliteConnection::close);
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException(label + " could not be opened: " + e.getMessage(), e, false);
    }
    return new SqliteStateStore(
        path, label, new SqliteWriter(label, writeConnection, options.maxBatch()), new SqliteReaders(label, readConnections));
  }

  private static Path checkPath(Path path) {
    String label = "sqlite state store '" + path + "'";
    Path dir = path.getParent();
    if (Files.isDirectory(path)) {
      throw new StoreException(label + " is a directory: " + path + "; give a file path such as " + path.resolve("state.db"), null, false);
    }
    if (dir == null || !Files.isDirectory(dir)) {
      throw new StoreException(label + " directory does not exist: " + dir + "; create it (mkdir -p " + dir + ") or choose another path", null, false);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException(
          label + " directory is not writable: " + dir + "; SQLite creates -wal and -shm files beside the database, so make the directory writable or choose another path",
          null,
          false);
    }
    if (Files.exists(path) && !Files.isWritable(path)) {
      throw new StoreException(label + " file is not writable: " + path + "; fix its permissions or choose another path", null, false);
    }
    return path;
  }

  private static void createSchema(String label, SqliteConnection c) throws SQLException {
    c.execute("BEGIN IMMEDIATE");
    try {
      int version;
      try (ResultSet rs = c.prepare("PRAGMA user_version").executeQuery()) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > SqliteTables.SCHEMA_VERSION) {
        throw new StoreException(
            label + " has a newer schema: version " + version + " (this Jointflow reads " + SqliteTables.SCHEMA_VERSION + "); upgrade Jointflow",
            null,
            false);
      }
      for (String ddl : SqliteTables.SCHEMA) {
        c.execute(ddl);
      }
      c.execute("PRAGMA user_version = " + SqliteTables.SCHEMA_VERSION);
      c.execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      c.execute("ROLLBACK");
      throw e;
    }
  }

  @Override
  public String name() {
    return "sqlite";
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** Transactions the writer thread has committed since this store was opened. */
  public long commits() {
    return writer.commits();
  }

  /** Writes committed since this store was opened; divided by {@link #commits()}, writes per fsync. */
  public long committedWrites() {
    return writer.committedWrites();
  }

  @Override
  public Optional<Versioned> get(String key) {
    Objects.requireNonNull(key, "key");
    return readers.read("get key '" + key + "'", c -> SqliteTables.get(c, key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return writer.submit("put key '" + key + "'", c -> SqliteTables.insertIfAbsent(c, key, value));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("state key '" + key + "' expected version is negative: " + expectedVersion);
    }
    if (expectedVersion == 0) {
      return putIfAbsent(key, value);
    }
    return writer.submit("compare-and-set key '" + key + "'", c -> SqliteTables.replace(c, key, expectedVersion, value));
  }

  @Override
  public void delete(String key) {
    Objects.requireNonNull(key, "key");
    writer.submit("delete key '" + key + "'", c -> SqliteTables.delete(c, key));
  }

  @Override
  public long deletePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return writer.submit("delete prefix '" + prefix + "'", c -> SqliteTables.deletePrefix(c, prefix));
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("scan of prefix '" + prefix + "' has a negative limit: " + limit);
    }
    return readers.read("scan prefix '" + prefix + "'", c -> SqliteTables.scan(c, prefix, startAfter, limit));
  }

  /** Native: a member already present is answered by a read, without a write transaction. */
  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(value, "value");
    long present = readers.read("read set '" + key + "'", c -> SqliteTables.position(c, key, member));
    if (present >= 0) {
      return new SetAdd(present, false);
    }
    return writer.submit("add to set '" + key + "'", c -> SqliteTables.addToSet(c, key, member, value));
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    Objects.requireNonNull(key, "key");
    return readers.read("read set '" + key + "'", c -> SqliteTables.members(c, key, fromPosition, Math.max(limit, 0)));
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    Objects.requireNonNull(key, "key");
    return writer.submit("increment counter '" + key + "'", c -> SqliteTables.increment(c, key, delta));
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(items);
    if (copy.isEmpty()) {
      return readers.read("read list '" + key + "'", c -> SqliteTables.list(c, key));
    }
    return writer.submit("append to list '" + key + "'", c -> SqliteTables.append(c, key, copy));
  }

  /** One transaction inside the group commit; a failed condition rolls back only this batch. */
  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    List<WriteOp> batch = WriteOp.checkBatch(ops, MAX_BATCH);
    if (batch.isEmpty()) {
      return BatchOutcome.COMMITTED;
    }
    SqliteBatch write = new SqliteBatch(batch);
    try {
      writer.submit(write.describe(), write);
      return BatchOutcome.COMMITTED;
    } catch (SqliteBatch.ConditionFailed failed) {
      return BatchOutcome.failedAt(failed.index);
    }
  }

  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(members);
    writer.submit("remove from set '" + key + "'", c -> {
      SqliteTables.removeFromSet(c, key, copy);
      return null;
    });
  }

  /** Queues a write for tests that need to control batches. */
  <T> CompletableFuture<T> submitAsync(String what, SqliteWriter.Write<T> write) {
    return writer.submitAsync(what, write);
  }

  /** Commits the writes already submitted, then closes the connections. Idempotent. */
  @Override
  public void close() {
    writer.close();
    readers.close();
  }

  @Override
  public String toString() {
    return label;
  }
}
