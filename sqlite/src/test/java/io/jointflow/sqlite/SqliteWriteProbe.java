package io.jointflow.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A rough measurement, not a test: single-thread commit latency and many-thread group-commit
 * throughput of {@link SqliteStateStore} on the disk holding DIR. Numbers vary a lot on shared
 * machines; the JMH benchmarks are the place for careful ones.
 *
 * <p>Run: {@code java -cp CLASSPATH io.jointflow.sqlite.SqliteWriteProbe DIR [threads] [writes-per-thread]}
 */
public final class SqliteWriteProbe {
  private SqliteWriteProbe() {}

  /** Arguments: a directory for the database, threads (64), writes per thread (200). */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int perThread = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Path db = Files.createTempFile(dir, "probe-", ".db");
    Files.delete(db);
    try (SqliteStateStore store = SqliteStateStore.open(db)) {
      for (int i = 0; i < 200; i++) {
        store.putIfAbsent("warmup/" + i, new byte[64]);
      }
      int n = 500;
      long[] nanos = new long[n];
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        store.putIfAbsent("single/" + i, new byte[64]);
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf("single thread: %d putIfAbsent, median %.3f ms, p99 %.3f ms, %.0f writes/s%n",
          n, nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6, n / (Arrays.stream(nanos).sum() / 1e9));

      long commits = store.commits();
      long writes = store.committedWrites();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perThread; i++) {
            store.putIfAbsent("multi/" + id + "/" + i, new byte[64]);
          }
          return null;
        }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      long c = store.commits() - commits;
      long w = store.committedWrites() - writes;
      System.out.printf("%d threads: %d putIfAbsent in %.2f s = %.0f writes/s, %d commits, %.1f writes per commit%n",
          threads, w, seconds, w / seconds, c, (double) w / c);
    }
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(db + suffix));
    }
  }
}
