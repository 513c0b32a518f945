package io.jointflow.sqlite;

import io.jointflow.spi.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed pool of read-only connections. Each read is one statement in autocommit mode, so it reads
 * the latest committed state of the file (WAL readers never wait for the writer).
 */
final class SqliteReaders implements AutoCloseable {
  /** A read on a pooled connection. */
  interface Read<T> {
    T apply(SqliteConnection c) throws SQLException;
  }

  private final String store;
  private final BlockingQueue<SqliteConnection> idle;
  private final List<SqliteConnection> all;
  private volatile boolean closed;

  SqliteReaders(String store, List<SqliteConnection> connections) {
    this.store = store;
    this.all = List.copyOf(connections);
    this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
  }

  /** Runs {@code read} on an idle connection, waiting for one if all are busy. */
  <T> T read(String what, Read<T> read) {
    SqliteConnection c = borrow(what);
    try {
      return read.apply(c);
    } catch (SQLException e) {
      throw new StoreException(store + " could not " + what + ": " + e.getMessage(), e, true);
    } finally {
      idle.add(c);
    }
  }

  private SqliteConnection borrow(String what) {
    try {
      SqliteConnection c = idle.take();
      if (closed) {
        idle.add(c);
        throw new StoreException(store + " is closed: cannot " + what, null, false);
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(store + " was interrupted waiting for a read connection to " + what, e, true);
    }
  }

  /**
   * Closes every connection, waiting for reads in progress to return theirs. The closed connections
   * go back into the pool so that a late reader wakes up and sees that the pool is closed.
   */
  @Override
  public void close() {
    closed = true;
    List<SqliteConnection> returned = new ArrayList<>(all.size());
    boolean interrupted = false;
    while (returned.size() < all.size()) {
      try {
        returned.add(idle.take());
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    returned.forEach(SqliteConnection::close);
    idle.addAll(returned);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
