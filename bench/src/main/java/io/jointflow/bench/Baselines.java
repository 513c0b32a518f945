package io.jointflow.bench;

import io.jointflow.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floors the runtime is compared with, measured in the same process just before the benchmark
 * that uses them: what the same work costs with nothing of Jointflow around it.
 */
final class Baselines {
  private static final byte[] VALUE = new byte[100];
  private static final AtomicLong KEYS = new AtomicLong();

  private Baselines() {}

  /** Runs {@code body} on a virtual thread (like a handler) and returns its result. */
  static <T> T onVirtualThread(Callable<T> body) throws Exception {
    try (ExecutorService one = Executors.newVirtualThreadPerTaskExecutor()) {
      return one.submit(body).get();
    }
  }

  /**
   * A bare virtual-thread hand-off: a virtual thread submits a task to a thread-per-task virtual
   * executor (as the local backend does); the sample is submit to task start.
   */
  static Samples virtualThreadHandOff(int warmup, int n) throws Exception {
    return onVirtualThread(() -> {
      long[] out = new long[n];
      try (ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
        for (int i = -warmup; i < n; i++) {
          long[] started = new long[1];
          long t0 = System.nanoTime();
          Future<?> f = ex.submit(() -> started[0] = System.nanoTime());
          f.get();
          if (i >= 0) {
            out[i] = started[0] - t0;
          }
        }
      }
      return Samples.of(out);
    });
  }

  /** A chain of {@code steps} virtual threads, each starting the next; the sample is one whole chain. */
  static Samples virtualThreadChain(int steps, int warmup, int n) throws Exception {
    long[] out = new long[n];
    try (ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
      for (int i = -warmup; i < n; i++) {
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        ex.execute(new Runnable() {
          int left = steps;

          @Override
          public void run() {
            if (--left == 0) {
              done.countDown();
            } else {
              ex.execute(this);
            }
          }
        });
        done.await();
        if (i >= 0) {
          out[i] = System.nanoTime() - t0;
        }
      }
    }
    return Samples.of(out);
  }

  /** {@code width} virtual threads started at once, each counting down a latch; the sample is the whole round. */
  static Samples virtualThreadFanOut(int width, int warmup, int n) throws Exception {
    long[] out = new long[n];
    try (ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
      for (int i = -warmup; i < n; i++) {
        CountDownLatch done = new CountDownLatch(width);
        long t0 = System.nanoTime();
        for (int w = 0; w < width; w++) {
          ex.execute(done::countDown);
        }
        done.await();
        if (i >= 0) {
          out[i] = System.nanoTime() - t0;
        }
      }
    }
    return Samples.of(out);
  }

  /** One put-if-absent of a fresh key (one durable commit), sequentially; the sample is one call. */
  static Samples commit(StateStore store, int warmup, int n) {
    long[] out = new long[n];
    for (int i = -warmup; i < n; i++) {
      String key = "bench/baseline/" + KEYS.incrementAndGet();
      long t0 = System.nanoTime();
      store.putIfAbsent(key, VALUE);
      if (i >= 0) {
        out[i] = System.nanoTime() - t0;
      }
    }
    return Samples.of(out);
  }

  /** {@code steps} sequential put-if-absent calls; the sample is the whole sequence. */
  static Samples commitChain(StateStore store, int steps, int warmup, int n) {
    long[] out = new long[n];
    for (int i = -warmup; i < n; i++) {
      long t0 = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        store.putIfAbsent("bench/baseline/" + KEYS.incrementAndGet(), VALUE);
      }
      if (i >= 0) {
        out[i] = System.nanoTime() - t0;
      }
    }
    return Samples.of(out);
  }

  /** {@code width} virtual threads each doing one put-if-absent at once; the sample is the whole round. */
  static Samples concurrentCommits(StateStore store, int width, int warmup, int n) throws Exception {
    long[] out = new long[n];
    try (ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
      for (int i = -warmup; i < n; i++) {
        List<Future<?>> all = new ArrayList<>(width);
        long t0 = System.nanoTime();
        for (int w = 0; w < width; w++) {
          all.add(ex.submit(() -> store.putIfAbsent("bench/baseline/" + KEYS.incrementAndGet(), VALUE)));
        }
        for (Future<?> f : all) {
          f.get();
        }
        if (i >= 0) {
          out[i] = System.nanoTime() - t0;
        }
      }
    }
    return Samples.of(out);
  }

  /**
   * Put-if-absent calls per second when {@code clients} virtual threads share {@code calls} calls
   * (each takes the next call until none is left), after {@code warmup} unmeasured calls shared
   * the same way.
   */
  static double commitThroughput(StateStore store, int clients, int warmup, int calls) throws Exception {
    putConcurrently(store, clients, warmup);
    long t0 = System.nanoTime();
    putConcurrently(store, clients, calls);
    return calls / ((System.nanoTime() - t0) / 1e9);
  }

  private static void putConcurrently(StateStore store, int clients, int calls) throws Exception {
    AtomicLong left = new AtomicLong(calls);
    List<Future<?>> all = new ArrayList<>(clients);
    try (ExecutorService ex = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
      for (int c = 0; c < clients; c++) {
        all.add(ex.submit(() -> {
          while (left.getAndDecrement() > 0) {
            store.putIfAbsent("bench/baseline/" + KEYS.incrementAndGet(), VALUE);
          }
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
  }

  /** Copies 1 MiB with {@link System#arraycopy}; the sample is one copy. */
  static Samples memcpy(int bytes, int warmup, int n) {
    byte[] src = new byte[bytes];
    byte[] dst = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      src[i] = (byte) i;
    }
    long[] out = new long[n];
    long check = 0;
    for (int i = -warmup; i < n; i++) {
      src[i & (bytes - 1)]++;
      long t0 = System.nanoTime();
      System.arraycopy(src, 0, dst, 0, bytes);
      long t1 = System.nanoTime();
      check += dst[i & (bytes - 1)];
      if (i >= 0) {
        out[i] = t1 - t0;
      }
    }
    if (check == 42) {
      System.out.print(""); // keeps the copies observable
    }
    return Samples.of(out);
  }
}
