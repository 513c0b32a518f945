package io.jointflow.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jointflow.spi.StoreException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The store's HikariCP pool of JDBC connections, and the translation of every failure into a
 * {@link StoreException} that names the store and endpoint and says whether it is retryable.
 *
 * <p>Every call runs on a connection in auto-commit mode: one statement, one transaction (a batch is
 * one call of a PL/pgSQL function). A transaction the server rolled back for a serialization failure
 * ({@code 40001}) or a deadlock ({@code 40P01}) took no effect, so the call is repeated here. A read
 * whose connection broke is repeated once on a fresh connection (the pool hands out a connection
 * the server dropped while it restarted at most once); a write is not, because whether it committed
 * is unknown.
 */
final class PostgresLink implements AutoCloseable {
  /** Work on one connection. */
  interface SqlCall<T> {
    T run(Connection c) throws SQLException;
  }

  private static final int CONFLICT_ATTEMPTS = 20;
  private final String label;
  private final Duration commandTimeout;
  private final HikariDataSource pool;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lifecycle

  private PostgresLink(String label, Duration commandTimeout, HikariDataSource pool) {
    this.label = label;
    this.commandTimeout = commandTimeout;
    this.pool = pool;
  }

  /**
   * Opens the pool with one connection, to fail early.
   *
   * @throws StoreException if the server cannot be reached (retryable) or refuses the credentials
   */
  static PostgresLink open(String label, PostgresLocation location, PostgresOptions options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("jointflow-postgres-" + location.host() + ":" + location.port());
    config.setJdbcUrl(location.jdbcUrl());
    if (location.user() != null) {
      config.setUsername(location.user());
    }
    if (options.password() != null) {
      config.setPassword(options.password());
    }
    config.setAutoCommit(true);
    config.setMaximumPoolSize(options.poolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(options.connectTimeout().toMillis());
    config.setValidationTimeout(Math.min(options.connectTimeout().toMillis(), 5_000));
    config.setInitializationFailTimeout(1); // one attempt, at once: open() fails instead of waiting
    long connectSeconds = Math.max(1, options.connectTimeout().toSeconds());
    config.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
    config.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
    config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, options.commandTimeout().toSeconds())));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "jointflow");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) { // HikariPool.PoolInitializationException, with the driver's exception inside
      throw new PostgresFailures(label, options.commandTimeout()).map("connect", false, true, e);
    }
    return new PostgresLink(label, options.commandTimeout(), pool);
  }

  /**
   * Runs {@code call} on a pooled connection in auto-commit mode.
   *
   * @param what the operation in words, for messages ("put key 'k'")
   * @param write whether it writes: then a lost connection leaves its outcome unknown
   * @throws StoreException for every failure
   */
  <T> T call(String what, boolean write, SqlCall<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException(label + " is closed: cannot " + what, null, false);
      }
      PostgresFailures failures = new PostgresFailures(label, commandTimeout);
      boolean retriedRead = false;
      for (int attempt = 1; ; attempt++) {
        Connection c;
        try {
          c = pool.getConnection();
        } catch (SQLException | RuntimeException e) {
          throw failures.map(what, write, true, e);
        }
        try (c) {
          return call.run(c);
        } catch (StoreException e) {
          throw e;
        } catch (SQLException e) {
          if (PostgresFailures.isConflict(e) && attempt < CONFLICT_ATTEMPTS) {
            continue; // rolled back whole: repeating it is safe
          }
          if (!write && !retriedRead && PostgresFailures.isConnectionLoss(e)) {
            retriedRead = true;
            continue;
          }
          throw failures.map(what, write, false, e);
        } catch (RuntimeException e) {
          throw failures.map(what, write, false, e);
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Waits for the calls in progress, then closes every connection. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    pool.close();
  }

  /** HikariCP found no connection within the connect timeout (the server down, or every connection busy). */
  static boolean isPoolTimeout(Throwable e) {
    return e instanceof SQLTransientConnectionException;
  }

  /** The driver's socket timeout ({@code command-timeout}) ran out. */
  static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
