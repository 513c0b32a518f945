package io.jointflow.sqlite;

import io.jointflow.spi.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: one thread owns the write connection, takes every write that is waiting (up to
 * {@code maxBatch}), runs each in its own savepoint inside one {@code BEGIN IMMEDIATE} transaction
 * and commits once, so one fsync covers the whole batch. A write that fails is rolled back to its
 * savepoint and fails alone; a failed commit fails every write of the batch. Callers block until
 * their write is committed.
 */
final class SqliteWriter implements AutoCloseable {
  /** A write, run on the writer connection inside the batch transaction. */
  interface Write<T> {
    T apply(SqliteConnection c) throws SQLException;
  }

  private record Pending<T>(String what, Write<T> write, CompletableFuture<T> done) {}

  private static final Pending<Object> STOP = new Pending<>("stop", c -> null, new CompletableFuture<>());

  private final String store;
  private final SqliteConnection connection;
  private final int maxBatch;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Object submitLock = new Object();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong committedWrites = new AtomicLong();
  private final Thread thread;
  private boolean closed; // guarded by submitLock

  SqliteWriter(String store, SqliteConnection connection, int maxBatch) {
    this.store = store;
    this.connection = connection;
    this.maxBatch = maxBatch;
    this.thread = Thread.ofPlatform().name("jointflow-sqlite-writer").daemon(true).unstarted(this::run);
    thread.start();
  }

  /** Runs {@code write} in the next batch and waits until it is committed. */
  <T> T submit(String what, Write<T> write) {
    CompletableFuture<T> done = submitAsync(what, write);
    try {
      return done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StoreException se) {
        // A new exception, so that the stack trace shows the caller and not only the writer thread.
        throw new StoreException(se.getMessage(), se, se.retryable());
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreException(store + " could not " + what + ": " + cause, cause, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(store + " was interrupted waiting to " + what + "; the write may still take effect", e, true);
    }
  }

  /** Queues {@code write} for the next batch; for tests that need several writes in one batch. */
  <T> CompletableFuture<T> submitAsync(String what, Write<T> write) {
    Pending<T> pending = new Pending<>(what, write, new CompletableFuture<>());
    synchronized (submitLock) {
      if (closed) {
        throw new StoreException(store + " is closed: cannot " + what, null, false);
      }
      queue.add(pending);
    }
    return pending.done();
  }

  /** Transactions committed so far. */
  long commits() {
    return commits.get();
  }

  /** Writes that succeeded in a committed transaction so far. */
  long committedWrites() {
    return committedWrites.get();
  }

  private void run() {
    List<Pending<?>> batch = new ArrayList<>(maxBatch);
    try {
      boolean stopping = false;
      while (!stopping) {
        batch.add(queue.take());
        queue.drainTo(batch, maxBatch - 1);
        stopping = batch.removeIf(p -> p == STOP);
        if (!batch.isEmpty()) {
          runBatch(batch);
        }
        batch.clear();
      }
    } catch (Throwable t) {
      // Never leave a caller waiting: fail whatever is queued or in hand, and refuse new writes.
      synchronized (submitLock) {
        closed = true;
      }
      queue.drainTo(batch);
      StoreException dead = new StoreException(store + " writer thread stopped: " + t, t, false);
      batch.forEach(p -> p.done().completeExceptionally(dead));
    }
  }

  private void runBatch(List<Pending<?>> batch) {
    int n = batch.size();
    Object[] results = new Object[n];
    Throwable[] failures = new Throwable[n];
    try {
      connection.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      failAll(batch, new StoreException(
          store + " could not start a write transaction for " + n + " writes (another process may hold the lock): " + e.getMessage(),
          e,
          true));
      return;
    }
    int succeeded = 0;
    try {
      for (int i = 0; i < n; i++) {
        connection.execute("SAVEPOINT write");
        try {
          results[i] = batch.get(i).write().apply(connection);
          connection.execute("RELEASE write");
          succeeded++;
        } catch (SQLException | RuntimeException e) {
          failures[i] = e;
          connection.execute("ROLLBACK TO write");
          connection.execute("RELEASE write");
        }
      }
      connection.execute("COMMIT");
    } catch (SQLException e) {
      rollback();
      failAll(batch, new StoreException(
          store + " commit of a batch of " + n + " writes failed and was rolled back: " + e.getMessage(), e, true));
      return;
    }
    commits.incrementAndGet();
    committedWrites.addAndGet(succeeded);
    for (int i = 0; i < n; i++) {
      complete(batch.get(i), results[i], failures[i]);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void complete(Pending<T> pending, Object result, Throwable failure) {
    if (failure == null) {
      pending.done().complete((T) result);
    } else if (failure instanceof SQLException e) {
      pending.done().completeExceptionally(new StoreException(store + " could not " + pending.what() + ": " + e.getMessage(), e, false));
    } else {
      pending.done().completeExceptionally(failure);
    }
  }

  private void rollback() {
    try {
      connection.execute("ROLLBACK");
    } catch (SQLException e) {
      // no transaction left to roll back (SQLite may already have ended it)
    }
  }

  private static void failAll(List<Pending<?>> batch, StoreException e) {
    batch.forEach(p -> p.done().completeExceptionally(e));
  }

  /** Commits every write queued before this call, then stops the thread and closes the connection. */
  @Override
  public void close() {
    synchronized (submitLock) {
      if (!closed) {
        closed = true;
        queue.add(STOP);
      }
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    connection.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
