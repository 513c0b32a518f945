package io.jointflow.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Waiting in tests for work that runs on real threads: on the condition itself, never for a while.
 * The only deadline is {@link #HANG_GUARD}, which is there to turn a hang into a failure, not to
 * bound how long the work may take: a slow or loaded machine never gets near it.
 */
public final class Await {
  /**
   * How long a test waits for real work before it calls it a hang. Far beyond what any test's work
   * takes on a slow, loaded machine; use it for {@code RunHandle.await}, latches and futures too.
   */
  public static final Duration HANG_GUARD = Duration.ofMinutes(5);

  private Await() {}

  /**
   * Returns once {@code condition} holds, polling it (each poll must be cheap and side-effect free).
   *
   * @param what the condition in words, for the failure message
   * @throws AssertionError if it does not hold within {@link #HANG_GUARD}, or the thread is interrupted
   */
  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, HANG_GUARD);
  }

  static void until(String what, BooleanSupplier condition, Duration guard) {
    Objects.requireNonNull(condition, "condition");
    long deadline = System.nanoTime() + guard.toNanos();
    long pauseMicros = 50;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("still waiting after " + guard + " (a hang?) for: " + what);
      }
      try {
        Thread.sleep(Duration.ofNanos(pauseMicros * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
      pauseMicros = Math.min(10_000, pauseMicros * 2); // quick for fast work, gentle on a busy machine
    }
  }
}
