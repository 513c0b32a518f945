package io.jointflow.testkit;

import io.jointflow.spi.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * An {@link Environment} whose clock moves only when a test calls {@link #advance}, with seeded
 * randomness, so that timers fire deterministically and runs reproduce.
 *
 * <p>The clock starts at {@link #START} ({@link #nanoTime()} at 0). {@link #schedule} queues a task;
 * {@link #advance} runs every task that falls due within the advanced span on the calling thread, in
 * due-time order (tasks due at the same time in the order they were scheduled), with the clock set
 * to each task's due time while it runs; tasks scheduled by those tasks run in the same call if they
 * fall due within the span. A task due now (zero or negative delay) runs at the next {@code
 * advance}, even {@code advance(Duration.ZERO)}.
 *
 * <p>{@link #executor()} is either direct (tasks run inline on the submitting thread, fully
 * deterministic: {@link #direct}) or one virtual thread per task ({@link #virtualThreads}); {@link
 * #close()} waits for the virtual threads. Thread safe.
 */
public final class ManualEnvironment implements Environment, AutoCloseable {
  /** The wall-clock time at which every manual environment starts. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Object lock = new Object();
  private final ReentrantLock advancing = new ReentrantLock();
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.sequence));
  private final long seed;
  private final Random random;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final boolean concurrentTimers;
  private long nanos;
  private long sequence;
  /** With concurrent timers: tasks submitted or running and not waiting in {@link #sleep}. */
  private final java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger();
  private final ThreadLocal<Boolean> tracked = ThreadLocal.withInitial(() -> false);

  private ManualEnvironment(long seed, ExecutorService ownedExecutor) {
    this(seed, ownedExecutor, false);
  }

  private ManualEnvironment(long seed, ExecutorService ownedExecutor, boolean concurrentTimers) {
    this.concurrentTimers = concurrentTimers;
    this.seed = seed;
    this.random = new Random(seed);
    this.ownedExecutor = ownedExecutor;
    this.executor = ownedExecutor == null ? Runnable::run : concurrentTimers ? this::track : ownedExecutor;
  }

  /** Runs a task on a virtual thread, counted as busy from submission until it ends. */
  private void track(Runnable task) {
    busy.incrementAndGet();
    try {
      ownedExecutor.execute(() -> {
        tracked.set(true);
        try {
          task.run();
        } finally {
          busy.decrementAndGet();
        }
      });
    } catch (RuntimeException e) {
      busy.decrementAndGet();
      throw e;
    }
  }

  /**
   * Waits on this clock; with {@link #concurrentTimers}, a task waiting here does not count as
   * busy for {@link #advanceWhenIdle}.
   */
  @Override
  public void sleep(Duration duration) {
    boolean counted = concurrentTimers && tracked.get();
    if (counted) {
      busy.decrementAndGet();
    }
    try {
      Environment.super.sleep(duration);
    } finally {
      if (counted) {
        busy.incrementAndGet();
      }
    }
  }

  /**
   * With {@link #concurrentTimers}: whether no task is submitted or running, except those waiting
   * on this clock. Always true for other environments.
   */
  public boolean idle() {
    return busy.get() == 0;
  }

  /**
   * Moves the clock 1 ms at a time with {@link #advanceWhenIdle} until {@code done} holds: a run
   * driven this way ends however slow the machine is. The only deadline is {@link Await#HANG_GUARD}
   * of real time, to turn a hang into a failure.
   *
   * @throws AssertionError if {@code done} does not hold within the hang guard
   */
  public void driveUntil(java.util.function.BooleanSupplier done) {
    long start = nanoTime();
    long guard = System.nanoTime() + Await.HANG_GUARD.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > guard) {
        throw new AssertionError("condition not reached after " + Await.HANG_GUARD + " of real time and "
            + Duration.ofNanos(nanoTime() - start) + " of manual time");
      }
      advanceWhenIdle(Duration.ofMillis(1), Duration.ofMillis(2));
    }
  }

  /**
   * With {@link #concurrentTimers}: waits until no task runs except those waiting on this clock, or
   * at most {@code patience} of real time (a task may wait on another that waits on the clock), then
   * moves the clock by {@code step}. Driving a run with it keeps the emulated time close to what the
   * tasks' real work allows, however slow the machine. Other environments just advance.
   */
  public void advanceWhenIdle(Duration step, Duration patience) {
    if (concurrentTimers) {
      long until = System.nanoTime() + patience.toNanos();
      while (busy.get() > 0 && System.nanoTime() < until) {
        Thread.yield();
      }
    }
    advance(step);
  }

  /**
   * An environment whose executor runs each task inline, before {@code execute} returns.
   *
   * @param seed the seed of {@link #random()}
   */
  public static ManualEnvironment direct(long seed) {
    return new ManualEnvironment(seed, null);
  }

  /**
   * An environment whose executor starts one virtual thread per task, as production does.
   *
   * @param seed the seed of {@link #random()}
   */
  public static ManualEnvironment virtualThreads(long seed) {
    return new ManualEnvironment(seed, Executors.newVirtualThreadPerTaskExecutor());
  }

  /**
   * An environment whose tasks and due timers all run on virtual threads: {@link #advance} starts
   * the timers that fall due and returns without waiting for them, so that a timer task may itself
   * wait on the clock ({@link #sleep}, as emulated network delays do) while the test moves it on.
   *
   * @param seed the seed of {@link #random()}
   */
  public static ManualEnvironment concurrentTimers(long seed) {
    return new ManualEnvironment(seed, Executors.newVirtualThreadPerTaskExecutor(), true);
  }

  /** The seed of {@link #random()}, to print when a randomized test fails. */
  public long seed() {
    return seed;
  }

  /** The current manual time. */
  public Instant now() {
    return START.plusNanos(nanoTime());
  }

  @Override
  public long currentTimeMillis() {
    return now().toEpochMilli();
  }

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return nanos;
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      long due = delay.isNegative() ? nanos : saturatedAdd(nanos, delay);
      Task t = new Task(due, sequence++, task);
      tasks.add(t);
      return t;
    }
  }

  /** How many scheduled tasks have neither run nor been cancelled. */
  public int pendingTasks() {
    synchronized (lock) {
      return tasks.size();
    }
  }

  /**
   * Moves the clock forward by {@code duration}, running every task that falls due on the way (see
   * the class comment). If a task throws, the exception propagates, the clock stays at that task's
   * due time and later tasks stay queued. Calls from several threads run one after another.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("manual clock advance must not be negative: " + duration);
    }
    advancing.lock();
    try {
      long target;
      synchronized (lock) {
        target = saturatedAdd(nanos, duration);
      }
      while (true) {
        Task next;
        synchronized (lock) {
          next = tasks.peek();
          if (next == null || next.due > target) {
            nanos = target;
            return;
          }
          tasks.poll();
          nanos = Math.max(nanos, next.due);
        }
        if (concurrentTimers) {
          track(next.runnable);
        } else {
          next.runnable.run();
        }
      }
    } finally {
      advancing.unlock();
    }
  }

  @Override
  public Executor executor() {
    return executor;
  }

  /** The same seeded generator on every call; thread safe, reproducible when used from one thread. */
  @Override
  public RandomGenerator random() {
    return random;
  }

  /**
   * Waits for tasks running on virtual threads to finish (with {@link #concurrentTimers}, moving the
   * clock meanwhile, since they may wait on it); does nothing for a direct environment.
   */
  @Override
  public void close() {
    if (ownedExecutor != null && concurrentTimers) {
      // Threads may wait on this clock: keep it moving until they are done.
      ownedExecutor.shutdown();
      try {
        while (!ownedExecutor.awaitTermination(1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          advance(Duration.ofMillis(10));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedExecutor != null) {
      ownedExecutor.close();
    }
  }

  private static long saturatedAdd(long nanos, Duration d) {
    try {
      return Math.addExact(nanos, d.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private final class Task implements Cancellable {
    final long due;
    final long sequence;
    final Runnable runnable;

    Task(long due, long sequence, Runnable runnable) {
      this.due = due;
      this.sequence = sequence;
      this.runnable = runnable;
    }

    @Override
    public void cancel() {
      synchronized (lock) {
        tasks.remove(this);
      }
    }
  }
}
