package io.jointflow.worker;

import io.jointflow.spi.Envelope;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Hands accepted envelopes to the sink on the executor, at most the function's concurrency at once
 * (a fair semaphore per function of an app, so waiting invocations start in arrival order), and counts what is
 * pending so that a shutdown can wait for it. Thread safe.
 */
final class Dispatch {
  private final Executor executor;
  private final Consumer<Envelope> sink;
  private final Map<ServedFunctions.Key, Semaphore> slots = new HashMap<>();
  private final int maxPending;
  private final OncePerIntervalLog failures;
  private final AtomicInteger pending = new AtomicInteger();
  private final Object idle = new Object();

  /** @param concurrency per function of an app, 0 for unlimited */
  Dispatch(Executor executor, Consumer<Envelope> sink, Map<ServedFunctions.Key, Integer> concurrency, int maxPending,
      OncePerIntervalLog failures) {
    this.executor = executor;
    this.sink = sink;
    this.maxPending = maxPending;
    this.failures = failures;
    concurrency.forEach((f, n) -> {
      if (n > 0) {
        slots.put(f, new Semaphore(n, true));
      }
    });
  }

  /**
   * Queues an envelope for the sink, within the concurrency of {@code served}, the function that
   * serves it; false if too many are pending or the executor refused it.
   */
  boolean offer(Envelope e, ServedFunctions.Key served) {
    if (pending.incrementAndGet() > maxPending) {
      finished();
      return false;
    }
    try {
      executor.execute(() -> run(e, slots.get(served)));
      return true;
    } catch (RejectedExecutionException x) {
      finished();
      return false;
    }
  }

  private void run(Envelope e, Semaphore slot) {
    try {
      if (slot != null) {
        slot.acquireUninterruptibly();
      }
      try {
        sink.accept(e);
      } finally {
        if (slot != null) {
          slot.release();
        }
      }
    } catch (RuntimeException x) {
      // The sink (the host) must not throw; if it does, the invocation is left to the sweeper.
      failures.event("sink:" + e.app() + "/" + e.function(), Level.ERROR, "worker sink failed on an invocation of"
          + " function '" + e.function() + "' of app '" + e.app() + "' (instance '" + e.instanceId() + "')", x);
    } finally {
      finished();
    }
  }

  private void finished() {
    if (pending.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Accepted invocations that have not finished in the sink. */
  int pending() {
    return Math.max(0, pending.get());
  }

  /** Waits until nothing is pending; false if {@code timeout} passed first (real time). */
  boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          idle.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }
}
