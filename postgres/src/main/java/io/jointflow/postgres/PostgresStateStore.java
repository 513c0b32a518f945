package io.jointflow.postgres;

import static io.jointflow.postgres.PostgresBatch.utf8;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateStore} on a PostgreSQL server (configuration name {@code postgres}): several
 * processes and hosts share it, and every operation, a batch included, is one statement, so one
 * round trip and one transaction.
 *
 * <p>Layout, in the {@linkplain PostgresOptions#schema() schema} (default {@code jointflow}, created
 * with its tables and functions on first open; the user needs the right to create it): plain values
 * in {@code kv} (key, value, version), counters in {@code counter}, a set as a {@code set_head} row
 * (its next position, which removals never lower, so positions are never reused) and its {@code
 * set_member} rows, a list as a {@code list_head} row (its length) and its {@code list_item} rows.
 * Keys, members and items are stored as UTF-8 {@code bytea}, so keys order by code point and scans
 * and prefix deletes are primary-key ranges, whatever the database's collation.
 *
 * <p>Writes run in PostgreSQL's default READ COMMITTED isolation with row locks: {@code INSERT ... ON
 * CONFLICT DO NOTHING} for creates, {@code UPDATE ... WHERE version = ?} for compare-and-set, and
 * the set's or counter's row locked ({@code FOR UPDATE}) before a bounded add or increment reads it,
 * so of concurrent callers exactly one sees each position and each version. A batch is one call of
 * the PL/pgSQL function {@code batch}, which applies the operations in order inside one
 * subtransaction and rolls it back at the first failed condition, returning its index; a
 * require-absent check inserts and deletes a placeholder row, which keeps the key locked until
 * commit, so a concurrent batch creating that key orders after this one. A deadlock between two
 * batches (they lock keys in batch order) makes the server roll one back, which the store then
 * repeats.
 *
 * <p>Durability is the server's: a write returns after its commit record is flushed, if the server
 * runs with {@code fsync} and {@code synchronous_commit} on (the defaults); with {@code
 * synchronous_commit = off} the last acknowledged writes may be lost in a crash. Replication is the
 * server's business too: point the store at the primary.
 *
 * <p>Thread safe: calls share a HikariCP pool of {@linkplain PostgresOptions#poolSize() a few}
 * connections. A failed call throws a {@link StoreException} naming the store and endpoint and
 * saying whether it is retryable; {@link #close()} lets calls in progress finish first.
 */
public final class PostgresStateStore implements StateStore {
  /** The most operations of one batch; the runtime's steps write at most 256. */
  static final int MAX_BATCH = 1000;
  private final String label;
  private final String endpoint;
  private final String s;
  private final PostgresLink link;

  private PostgresStateStore(String label, String endpoint, String schema, PostgresLink link) {
    this.label = label;
    this.endpoint = endpoint;
    this.s = schema;
    this.link = link;
  }

  /**
   * Connects to {@code location}, {@code postgres://HOST[:PORT]/DATABASE[?user=USER][&schema=S]},
   * with {@link PostgresOptions#defaults()} (no password).
   *
   * @throws StoreException if the location is malformed, the server cannot be reached (retryable)
   *     or refuses the credentials
   */
  public static PostgresStateStore open(String location) {
    return open(location, PostgresOptions.defaults());
  }

  /**
   * Connects to {@code location} and creates the schema if needed; a {@code ?schema=} in the
   * location overrides the options'.
   *
   * @throws StoreException if the location is malformed, the server cannot be reached (retryable)
   *     or refuses the credentials
   */
  public static PostgresStateStore open(String location, PostgresOptions options) {
    Objects.requireNonNull(options, "options");
    PostgresLocation where = PostgresLocation.parse(location);
    String schema = where.schema() != null ? where.schema() : options.schema();
    String label = "postgres state store '" + where.endpoint() + "'";
    PostgresLink link = PostgresLink.open(label, where, options);
    try {
      link.call("create schema '" + schema + "'", true, c -> {
        PostgresSchema.install(c, schema);
        return null;
      });
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    return new PostgresStateStore(label, where.endpoint(), schema, link);
  }

  @Override
  public String name() {
    return "postgres";
  }

  /** The server and database, as {@code postgres://HOST:PORT/DATABASE} (never with credentials). */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public Optional<Versioned> get(String key) {
    Objects.requireNonNull(key, "key");
    return link.call("get key '" + key + "'", false, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT value, version FROM " + s + ".kv WHERE key = ?")) {
        ps.setBytes(1, utf8(key));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Versioned(rs.getBytes(1), rs.getLong(2))) : Optional.<Versioned>empty();
        }
      }
    });
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return update("put key '" + key + "'",
        "INSERT INTO " + s + ".kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING", utf8(key), value) == 1;
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    WriteOp.compareAndSet(key, expectedVersion, value); // validates
    if (expectedVersion == 0) {
      return update("compare-and-set key '" + key + "'",
          "INSERT INTO " + s + ".kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING", utf8(key), value) == 1;
    }
    return update("compare-and-set key '" + key + "'",
        "UPDATE " + s + ".kv SET value = ?, version = version + 1 WHERE key = ? AND version = ?", value, utf8(key),
        expectedVersion) == 1;
  }

  @Override
  public void delete(String key) {
    Objects.requireNonNull(key, "key");
    update("delete key '" + key + "'", "DELETE FROM " + s + ".kv WHERE key = ?", utf8(key));
  }

  /** One statement: every table's range deleted in one transaction; sets and lists count as one key each. */
  @Override
  public long deletePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    KeyRange range = KeyRange.of(prefix, null);
    String sql = "WITH v AS (DELETE FROM " + s + ".kv WHERE " + range.where("key") + " RETURNING 1),"
        + " n AS (DELETE FROM " + s + ".counter WHERE " + range.where("key") + " RETURNING 1),"
        + " sh AS (DELETE FROM " + s + ".set_head WHERE " + range.where("key") + " RETURNING id),"
        + " sm AS (DELETE FROM " + s + ".set_member WHERE set_id IN (SELECT id FROM sh) RETURNING set_id),"
        + " lh AS (DELETE FROM " + s + ".list_head WHERE " + range.where("key") + " RETURNING id),"
        + " li AS (DELETE FROM " + s + ".list_item WHERE list_id IN (SELECT id FROM lh) RETURNING list_id)"
        + " SELECT (SELECT count(*) FROM v) + (SELECT count(*) FROM n) + (SELECT count(DISTINCT set_id) FROM sm)"
        + " + (SELECT count(DISTINCT list_id) FROM li)";
    return link.call("delete prefix '" + prefix + "'", true, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int next = 1;
        for (int table = 0; table < 4; table++) {
          next = range.bind(ps, next);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("scan of prefix '" + prefix + "' has a negative limit: " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    KeyRange range = KeyRange.of(prefix, startAfter);
    return link.call("scan prefix '" + prefix + "'", false, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT key, value, version FROM " + s + ".kv WHERE "
          + range.where("key") + " ORDER BY key LIMIT ?")) {
        ps.setInt(range.bind(ps, 1), limit);
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Entry(text(rs.getBytes(1)), new Versioned(rs.getBytes(2), rs.getLong(3))));
          }
        }
        return out;
      }
    });
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    WriteOp.addToSet(key, member, value); // validates
    return link.call("add to set '" + key + "'", true, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pos, added FROM " + s + ".set_add(?, ?, ?, ?, true)")) {
        ps.setBytes(1, utf8(key));
        ps.setBytes(2, utf8(member));
        ps.setBytes(3, value);
        ps.setLong(4, Long.MAX_VALUE);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new SetAdd(rs.getLong(1), rs.getBoolean(2));
        }
      }
    });
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    Objects.requireNonNull(key, "key");
    if (limit <= 0) {
      return List.of();
    }
    return link.call("read set '" + key + "'", false, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT m.position, m.member, m.value FROM " + s + ".set_head h JOIN "
          + s + ".set_member m ON m.set_id = h.id WHERE h.key = ? AND m.position >= ? ORDER BY m.position LIMIT ?")) {
        ps.setBytes(1, utf8(key));
        ps.setLong(2, Math.max(fromPosition, 0));
        ps.setInt(3, limit);
        List<SetMember> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new SetMember(rs.getLong(1), text(rs.getBytes(2)), rs.getBytes(3)));
          }
        }
        return out;
      }
    });
  }

  /** Native: one upsert that adds and returns; a delta of 0 is a plain read. */
  @Override
  public long incrementAndGet(String key, long delta) {
    Objects.requireNonNull(key, "key");
    String what = delta == 0 ? "read counter '" + key + "'" : "increment counter '" + key + "'";
    String sql = delta == 0 ? "SELECT value FROM " + s + ".counter WHERE key = ?"
        : "INSERT INTO " + s + ".counter AS c (key, value) VALUES (?, ?) ON CONFLICT (key)"
            + " DO UPDATE SET value = c.value + excluded.value RETURNING value";
    return link.call(what, delta != 0, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setBytes(1, utf8(key));
        if (delta != 0) {
          ps.setLong(2, delta);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      } catch (SQLException e) {
        if ("22003".equals(e.getSQLState())) {
          throw overflow(what, key);
        }
        throw e;
      }
    });
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(items);
    String sql = copy.isEmpty()
        ? "SELECT i.item FROM " + s + ".list_head h JOIN " + s + ".list_item i ON i.list_id = h.id WHERE h.key = ?"
            + " ORDER BY i.position"
        : "SELECT * FROM " + s + ".append(?, ?)";
    return link.call((copy.isEmpty() ? "read" : "append to") + " list '" + key + "'", !copy.isEmpty(), c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setBytes(1, utf8(key));
        if (!copy.isEmpty()) {
          ps.setArray(2, c.createArrayOf("bytea", copy.stream().map(PostgresBatch::utf8).toArray(byte[][]::new)));
        }
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(text(rs.getBytes(1)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(members);
    if (!copy.isEmpty()) {
      writeBatch(List.of(WriteOp.removeFromSet(key, copy)));
    }
  }

  /** One call of the {@code batch} function: one statement, one transaction. */
  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    List<WriteOp> batch = WriteOp.checkBatch(ops, MAX_BATCH);
    if (batch.isEmpty()) {
      return BatchOutcome.COMMITTED;
    }
    PostgresBatch args = new PostgresBatch(batch);
    String what = describe(batch);
    int status = link.call(what, true, c -> args.run(c, s));
    if (status <= -2) {
      throw overflow(what, batch.get(-2 - status).key());
    }
    return status < 0 ? BatchOutcome.COMMITTED : BatchOutcome.failedAt(status);
  }

  /** {@value #MAX_BATCH}. */
  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  private StoreException overflow(String what, String key) {
    return new StoreException(label + " cannot " + what + ": counter '" + key
        + "' would go beyond 64 bits; nothing was written (not retryable)", null, false);
  }

  private int update(String what, String sql, Object... args) {
    return link.call(what, true, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        return ps.executeUpdate();
      }
    });
  }

  private static String describe(List<WriteOp> batch) {
    StringBuilder b = new StringBuilder("write a batch of " + batch.size() + " operations on keys ");
    for (int i = 0; i < Math.min(3, batch.size()); i++) {
      b.append(i == 0 ? "'" : ", '").append(batch.get(i).key()).append("'");
    }
    return b.append(batch.size() > 3 ? ", ..." : "").toString();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Lets calls in progress finish, then closes the connections. Idempotent. */
  @Override
  public void close() {
    link.close();
  }

  @Override
  public String toString() {
    return label;
  }
}
