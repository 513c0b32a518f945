package io.jointflow.spi;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The one source of time, timers, threads and randomness, so that tests can run on a manual clock
 * and reproduce runs from a seed. Implementations are thread safe.
 */
public interface Environment {

  /** Wall-clock time in milliseconds since the epoch. */
  long currentTimeMillis();

  /** A monotonic time in nanoseconds, for measuring durations. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay} (on some thread); the result cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Runs tasks asynchronously; in production one virtual thread per task. */
  Executor executor();

  /** Randomness for ids, jitter and fault injection. */
  RandomGenerator random();

  /**
   * Blocks the calling thread for {@code duration} of this environment's time: a real pause in
   * production, a wait until the clock is advanced past it under a manual clock. Emulated network
   * delays use it, so tests of emulated minutes take as long as their clock is moved. An interrupt
   * ends the wait early and leaves the thread's interrupt flag set.
   */
  default void sleep(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
    Cancellable timer = schedule(duration, woken::countDown);
    try {
      woken.await();
    } catch (InterruptedException e) {
      timer.cancel();
      Thread.currentThread().interrupt();
    }
  }

  /** A scheduled task. */
  interface Cancellable {
    /** Prevents the task from running if it has not started. */
    void cancel();
  }
}
