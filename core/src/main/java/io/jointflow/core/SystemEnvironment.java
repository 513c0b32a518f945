package io.jointflow.core;

import io.jointflow.spi.Environment;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The production {@link Environment}: the system clock, one platform timer thread, a virtual thread
 * per task and a strong random generator seeded from the OS.
 */
public final class SystemEnvironment implements Environment, AutoCloseable {
  private final ScheduledExecutorService timer;
  private final ExecutorService executor;
  private final RandomGenerator random = new java.security.SecureRandom();

  private SystemEnvironment() {
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "jointflow-timer");
      t.setDaemon(true);
      return t;
    });
    this.executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("jointflow-", 0).factory());
  }

  /** Creates an environment; close it to stop its timer thread. */
  public static SystemEnvironment create() {
    return new SystemEnvironment();
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    // The timer thread only hands the task over, so one slow task never delays the others.
    ScheduledFuture<?> f = timer.schedule(() -> executor.execute(task),
        Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void sleep(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public java.util.concurrent.Executor executor() {
    return executor;
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    executor.shutdown();
  }
}
