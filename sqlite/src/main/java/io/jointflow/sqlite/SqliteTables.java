package io.jointflow.sqlite;

import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.Versioned;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schema and every statement of {@link SqliteStateStore}. Writes run on the writer connection
 * inside its transaction; reads run on a pooled connection. Keys are TEXT compared with the default
 * BINARY collation, i.e. by UTF-8 bytes (code point order); a prefix is the index range {@code key
 * >= prefix AND key < successor(prefix)}, never LIKE.
 */
final class SqliteTables {
  /** The schema version kept in {@code PRAGMA user_version}. */
  static final int SCHEMA_VERSION = 2;

  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS kv (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID",
          "CREATE TABLE IF NOT EXISTS set_member (key TEXT NOT NULL, member TEXT NOT NULL, position INTEGER NOT NULL,"
              + " value BLOB NOT NULL, PRIMARY KEY (key, member)) WITHOUT ROWID",
          "CREATE UNIQUE INDEX IF NOT EXISTS set_member_position ON set_member (key, position)",
          // Since version 2: the next position of a set some of whose members were removed, so that
          // positions are never reused (otherwise the next position is MAX(position) + 1).
          "CREATE TABLE IF NOT EXISTS set_next (key TEXT NOT NULL PRIMARY KEY, next INTEGER NOT NULL) WITHOUT ROWID",
          "CREATE TABLE IF NOT EXISTS counter (key TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
          "CREATE TABLE IF NOT EXISTS list_item (key TEXT NOT NULL, position INTEGER NOT NULL, item TEXT NOT NULL,"
              + " PRIMARY KEY (key, position)) WITHOUT ROWID");

  private SqliteTables() {}

  /** Whether repeating the statement may succeed: another connection held a lock too long. */
  static boolean isBusy(SQLException e) {
    int primary = e.getErrorCode() & 0xFF;
    return primary == 5 || primary == 6; // SQLITE_BUSY, SQLITE_LOCKED
  }

  /** An I/O error: after one during COMMIT, whether the transaction reached the disk is unknown. */
  static boolean isIoError(SQLException e) {
    return (e.getErrorCode() & 0xFF) == 10; // SQLITE_IOERR
  }

  // ---- plain values

  static Optional<Versioned> get(SqliteConnection c, String key) throws SQLException {
    PreparedStatement ps = c.prepare("SELECT value, version FROM kv WHERE key = ?");
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new Versioned(rs.getBytes(1), rs.getLong(2))) : Optional.empty();
    }
  }

  static boolean insertIfAbsent(SqliteConnection c, String key, byte[] value) throws SQLException {
    PreparedStatement ps = c.prepare("INSERT INTO kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING");
    ps.setString(1, key);
    ps.setBytes(2, value);
    return ps.executeUpdate() == 1;
  }

  static boolean replace(SqliteConnection c, String key, long expectedVersion, byte[] value) throws SQLException {
    PreparedStatement ps = c.prepare("UPDATE kv SET value = ?, version = version + 1 WHERE key = ? AND version = ?");
    ps.setBytes(1, value);
    ps.setString(2, key);
    ps.setLong(3, expectedVersion);
    return ps.executeUpdate() == 1;
  }

  static boolean delete(SqliteConnection c, String key) throws SQLException {
    PreparedStatement ps = c.prepare("DELETE FROM kv WHERE key = ?");
    ps.setString(1, key);
    return ps.executeUpdate() == 1;
  }

  static List<Entry> scan(SqliteConnection c, String prefix, String startAfter, int limit) throws SQLException {
    KeyRange range = KeyRange.of(prefix, startAfter);
    PreparedStatement ps =
        c.prepare("SELECT key, value, version FROM kv WHERE " + range.where() + " ORDER BY key LIMIT ?");
    int next = range.bind(ps, 1);
    ps.setInt(next, limit);
    List<Entry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Entry(rs.getString(1), new Versioned(rs.getBytes(2), rs.getLong(3))));
      }
    }
    return out;
  }

  /** Removes every key under {@code prefix} from every table; counts keys, not rows. */
  static long deletePrefix(SqliteConnection c, String prefix) throws SQLException {
    KeyRange range = KeyRange.of(prefix, null);
    long removed = deleteRange(c, "kv", range) + deleteRange(c, "counter", range);
    deleteRange(c, "set_next", range);
    for (String table : List.of("set_member", "list_item")) {
      PreparedStatement count = c.prepare("SELECT COUNT(DISTINCT key) FROM " + table + " WHERE " + range.where());
      range.bind(count, 1);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        removed += rs.getLong(1);
      }
      deleteRange(c, table, range);
    }
    return removed;
  }

  private static long deleteRange(SqliteConnection c, String table, KeyRange range) throws SQLException {
    PreparedStatement ps = c.prepare("DELETE FROM " + table + " WHERE " + range.where());
    range.bind(ps, 1);
    return ps.executeUpdate();
  }

  // ---- ordered sets

  /** The position of {@code member} in set {@code key}, or -1. */
  static long position(SqliteConnection c, String key, String member) throws SQLException {
    PreparedStatement ps = c.prepare("SELECT position FROM set_member WHERE key = ? AND member = ?");
    ps.setString(1, key);
    ps.setString(2, member);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  /** Adds a member at the next position; atomic because the writer holds the write lock. */
  static SetAdd addToSet(SqliteConnection c, String key, String member, byte[] value) throws SQLException {
    long present = position(c, key, member);
    if (present >= 0) {
      return new SetAdd(present, false);
    }
    long position = nextSetPosition(c, key);
    PreparedStatement ps = c.prepare("INSERT INTO set_member (key, member, position, value) VALUES (?, ?, ?, ?)");
    ps.setString(1, key);
    ps.setString(2, member);
    ps.setLong(3, position);
    ps.setBytes(4, value);
    ps.executeUpdate();
    return new SetAdd(position, true);
  }

  /**
   * Adds a member unless present, at the next position if that is below {@code limit}.
   *
   * @return false if the member is new and its position would be {@code limit} or more (nothing written)
   */
  static boolean addToSetBounded(SqliteConnection c, String key, String member, byte[] value, long limit)
      throws SQLException {
    if (position(c, key, member) >= 0) {
      return true;
    }
    if (limit != Long.MAX_VALUE && nextSetPosition(c, key) >= limit) {
      return false;
    }
    addToSet(c, key, member, value);
    return true;
  }

  /** Removes members; the set's next position is kept in {@code set_next} so that it is never reused. */
  static void removeFromSet(SqliteConnection c, String key, Iterable<String> members) throws SQLException {
    long next = nextSetPosition(c, key);
    PreparedStatement del = c.prepare("DELETE FROM set_member WHERE key = ? AND member = ?");
    int removed = 0;
    for (String m : members) {
      del.setString(1, key);
      del.setString(2, m);
      removed += del.executeUpdate();
    }
    if (removed > 0 && next > 0) {
      PreparedStatement keep = c.prepare(
          "INSERT INTO set_next (key, next) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET next = excluded.next");
      keep.setString(1, key);
      keep.setLong(2, next);
      keep.executeUpdate();
    }
  }

  static List<SetMember> members(SqliteConnection c, String key, long fromPosition, int limit) throws SQLException {
    PreparedStatement ps =
        c.prepare("SELECT position, member, value FROM set_member WHERE key = ? AND position >= ? ORDER BY position LIMIT ?");
    ps.setString(1, key);
    ps.setLong(2, fromPosition);
    ps.setInt(3, limit);
    List<SetMember> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new SetMember(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
      }
    }
    return out;
  }

  private static long nextSetPosition(SqliteConnection c, String key) throws SQLException {
    PreparedStatement ps = c.prepare("SELECT MAX(COALESCE((SELECT MAX(position) + 1 FROM set_member WHERE key = ?1), 0),"
        + " COALESCE((SELECT next FROM set_next WHERE key = ?1), 0))");
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long nextPosition(SqliteConnection c, String table, String key) throws SQLException {
    PreparedStatement ps = c.prepare("SELECT COALESCE(MAX(position) + 1, 0) FROM " + table + " WHERE key = ?");
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  // ---- counters and lists

  static long increment(SqliteConnection c, String key, long delta) throws SQLException {
    long value = counter(c, key) + delta;
    PreparedStatement write =
        c.prepare("INSERT INTO counter (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    write.setString(1, key);
    write.setLong(2, value);
    write.executeUpdate();
    return value;
  }

  /** A counter's value (absent = 0). */
  static long counter(SqliteConnection c, String key) throws SQLException {
    PreparedStatement read = c.prepare("SELECT value FROM counter WHERE key = ?");
    read.setString(1, key);
    try (ResultSet rs = read.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static List<String> append(SqliteConnection c, String key, List<String> items) throws SQLException {
    long position = nextPosition(c, "list_item", key);
    PreparedStatement ps = c.prepare("INSERT INTO list_item (key, position, item) VALUES (?, ?, ?)");
    for (String item : items) {
      ps.setString(1, key);
      ps.setLong(2, position++);
      ps.setString(3, item);
      ps.executeUpdate();
    }
    return list(c, key);
  }

  static List<String> list(SqliteConnection c, String key) throws SQLException {
    PreparedStatement ps = c.prepare("SELECT item FROM list_item WHERE key = ? ORDER BY position");
    ps.setString(1, key);
    List<String> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
