package io.jointflow.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * A probe, not a benchmark: the SQLite writer thread's CPU per INSERT when it batches writes the way
 * {@code SqliteWriter} does (one transaction per batch, a savepoint around each write, the same
 * {@code INSERT ... ON CONFLICT DO NOTHING} into the same table), with and without the JDBC
 * driver's generated-keys lookup (on by default: after every INSERT it prepares and runs
 * {@code SELECT last_insert_rowid()}) and with and without the savepoints. fsync is off, so only CPU
 * counts.
 *
 * <p>Run: {@code java -cp "bench/target/classes:$(cat bench/target/bench.classpath)"
 * io.jointflow.bench.SqliteInsertProbe [DIR]}
 */
public final class SqliteInsertProbe {
  private static final int WRITES = 40_000;
  private static final int BATCH = 300;

  private SqliteInsertProbe() {}

  /** Prints CPU and wall time per write for the four combinations (after two warm-up rounds). */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
    for (int round = 0; round < 3; round++) {
      for (boolean keys : new boolean[] {true, false}) {
        for (boolean savepoints : new boolean[] {true, false}) {
          double[] r = run(root, keys, savepoints);
          if (round == 2) {
            System.out.printf("generated keys %-5s savepoints %-5s: %5.1f us CPU, %5.1f us wall per write%n", keys,
                savepoints, r[0], r[1]);
          }
        }
      }
    }
  }

  private static double[] run(Path root, boolean generatedKeys, boolean savepoints) throws Exception {
    Path dir = Files.createTempDirectory(root, "insert-probe-");
    Path db = dir.resolve("probe.db");
    SQLiteConfig config = new SQLiteConfig();
    config.setGetGeneratedKeys(generatedKeys);
    try (Connection c = config.createConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = OFF");
        s.execute("CREATE TABLE kv (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL, version INTEGER NOT NULL)"
            + " WITHOUT ROWID");
      }
      PreparedStatement insert = c.prepareStatement(
          "INSERT INTO kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT (key) DO NOTHING");
      PreparedStatement begin = c.prepareStatement("BEGIN IMMEDIATE");
      PreparedStatement commit = c.prepareStatement("COMMIT");
      PreparedStatement savepoint = c.prepareStatement("SAVEPOINT write");
      PreparedStatement release = c.prepareStatement("RELEASE write");
      byte[] value = new byte[400];
      var mx = ManagementFactory.getThreadMXBean();
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < WRITES; i += BATCH) {
        begin.execute();
        for (int j = i; j < i + BATCH; j++) {
          if (savepoints) {
            savepoint.execute();
          }
          insert.setString(1, "r/fanout/r-20261123-000000-0123456789/out/noop-" + j);
          insert.setBytes(2, value);
          insert.executeUpdate();
          if (savepoints) {
            release.execute();
          }
        }
        commit.execute();
      }
      double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / WRITES;
      double wall = (System.nanoTime() - t0) / 1e3 / WRITES;
      return new double[] {cpu, wall};
    } finally {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(db + suffix));
      }
      Files.deleteIfExists(dir);
    }
  }
}
