package io.jointflow.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * One JDBC connection to the store's file with its prepared statements, used by one thread at a
 * time (the writer thread, or a reader that borrowed it from the pool).
 */
final class SqliteConnection implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private SqliteConnection(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens a connection in autocommit mode (transactions are explicit SQL), waiting up to the busy
   * timeout for locks other processes hold, with WAL journaling and a full fsync per commit.
   */
  static SqliteConnection open(Path file, SqliteOptions options, boolean writer) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) options.busyTimeout().toMillis());
    // The driver otherwise runs "SELECT last_insert_rowid()" after every INSERT; nothing here reads
    // generated keys, and the lookup was ~45% of the writer's CPU per insert (bench SqliteInsertProbe).
    config.setGetGeneratedKeys(false);
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    SqliteConnection sc = new SqliteConnection(c);
    try (Statement s = c.createStatement()) {
      // The busy timeout is in force before the first statement that may need a lock.
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = FULL");
      // Deferred constraints then fail the commit instead of being ignored.
      s.execute("PRAGMA foreign_keys = ON");
      if (!writer) {
        s.execute("PRAGMA query_only = ON");
      }
    } catch (SQLException e) {
      sc.close();
      throw e;
    }
    return sc;
  }

  /** A prepared statement for {@code sql}, prepared once per connection; parameters are cleared. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  /** Runs a statement without parameters or results, e.g. {@code BEGIN IMMEDIATE}. */
  void execute(String sql) throws SQLException {
    prepare(sql).execute();
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing left to release
    }
  }
}
