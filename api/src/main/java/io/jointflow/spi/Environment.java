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

  /** A scheduled task. */
  interface Cancellable {
    /** Prevents the task from running if it has not started. */
    void cancel();
  }
}
