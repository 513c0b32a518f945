package io.jointflow.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the store's schema, tables and functions ({@code schema.sql}) once per schema version.
 * Several processes may open the same schema at once: a transaction-scoped advisory lock makes one
 * of them install while the others wait and then find it done.
 */
final class PostgresSchema {
  /** Raised whenever {@code schema.sql} changes, so that open stores install the new functions. */
  static final int VERSION = 1;
  private static final String SOURCE = load();

  private PostgresSchema() {}

  /** Installs the schema unless it is there at {@link #VERSION}; commits, and leaves auto-commit on. */
  static void install(Connection c, String schema) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(hashtext('jointflow schema " + schema + "'))");
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".meta (version int NOT NULL)");
      int installed = 0;
      try (ResultSet rs = s.executeQuery("SELECT max(version) FROM " + schema + ".meta")) {
        if (rs.next()) {
          installed = rs.getInt(1);
        }
      }
      if (installed < VERSION) {
        s.execute(SOURCE.replaceAll("\\bS\\.", schema + "."));
        s.execute("DELETE FROM " + schema + ".meta");
        s.execute("INSERT INTO " + schema + ".meta (version) VALUES (" + VERSION + ")");
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static String load() {
    try (InputStream in = PostgresSchema.class.getResourceAsStream("schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema.sql is missing from the jointflow-postgres jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema.sql from the jointflow-postgres jar", e);
    }
  }
}
