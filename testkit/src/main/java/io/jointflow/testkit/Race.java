package io.jointflow.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** Runs one task on many platform threads that are released together, to provoke races. */
public final class Race {
  /** A bound on a whole race, so that a deadlocked store fails the test instead of hanging it. */
  private static final long LIMIT_MINUTES = 5;

  private Race() {}

  /**
   * Runs {@code task(0..threads-1)} concurrently; every thread is started and waiting before any
   * of them begins.
   *
   * @return the results, indexed by thread
   */
  public static <T> List<T> run(int threads, IntFunction<T> task) {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        int id = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return task.apply(id);
                }));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>(threads);
      for (Future<T> f : futures) {
        results.add(f.get(LIMIT_MINUTES, TimeUnit.MINUTES));
      }
      return results;
    } catch (ExecutionException e) {
      throw new AssertionError("a racing thread failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("race did not finish within " + LIMIT_MINUTES + " minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while racing", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
