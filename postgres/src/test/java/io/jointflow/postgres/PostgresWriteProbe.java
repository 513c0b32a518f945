package io.jointflow.postgres;

import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough measurement, not a test: on a PostgreSQL server of its own (testkit {@link
 * PostgresServer}, fsync on), the latency of a bare put-if-absent, of a step-sized batch through the
 * {@code batch} function (one round trip), of the same three writes as a client-side transaction
 * (BEGIN, three statements, COMMIT: four round trips), of a 256-operation batch, and the throughput
 * of step-sized batches from many threads. Numbers vary a lot on shared machines.
 *
 * <p>Run: {@code java -cp CLASSPATH io.jointflow.postgres.PostgresWriteProbe [samples] [threads]}
 */
public final class PostgresWriteProbe {
  private static final AtomicLong KEYS = new AtomicLong();

  private PostgresWriteProbe() {}

  /** Arguments: samples per measure (2000), threads for the throughput (16). */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    try (PostgresServer pg = PostgresServer.start(); PostgresStateStore store = PostgresStateStore.open(pg.url())) {
      System.out.println("PostgreSQL " + pg.dir() + ", fsync on, synchronous_commit on; " + n + " samples each");
      report("bare put-if-absent", time(n, () -> store.putIfAbsent("bare/" + KEYS.incrementAndGet(), new byte[64])));
      report("3-op batch (put-if-absent, increment, set add), batch()",
          time(n, () -> store.writeBatch(step(KEYS.incrementAndGet()))));
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "")) {
        c.setAutoCommit(false);
        PreparedStatement put = c.prepareStatement("INSERT INTO jointflow.kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT DO NOTHING");
        PreparedStatement inc = c.prepareStatement("INSERT INTO jointflow.counter AS x (key, value) VALUES (?, 1)"
            + " ON CONFLICT (key) DO UPDATE SET value = x.value + 1");
        PreparedStatement add = c.prepareStatement("SELECT jointflow.set_add(?, ?, ?, 9223372036854775807, false)");
        report("the same 3 writes as BEGIN; 3 statements; COMMIT (client side)", time(n, () -> {
          long k = KEYS.incrementAndGet();
          put.setBytes(1, PostgresBatch.utf8("tx/" + k));
          put.setBytes(2, new byte[64]);
          put.executeUpdate();
          inc.setBytes(1, PostgresBatch.utf8("txn/" + (k % 8)));
          inc.executeUpdate();
          add.setBytes(1, PostgresBatch.utf8("txs/" + k));
          add.setBytes(2, PostgresBatch.utf8("m"));
          add.setBytes(3, new byte[8]);
          add.executeQuery().close();
          c.commit();
        }));
      }
      report("256-op batch of put-if-absent", time(Math.max(20, n / 20), () -> {
        long k = KEYS.incrementAndGet();
        List<WriteOp> ops = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
          ops.add(WriteOp.putIfAbsent("wide/" + k + "/" + i, new byte[64]));
        }
        store.writeBatch(ops);
      }));
      int perThread = Math.max(50, n / threads * 2);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        all.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            store.writeBatch(step(KEYS.incrementAndGet()));
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf("%-70s %8.0f batches/s (%d threads, pool of %d connections)%n", "3-op batches, concurrent",
          threads * perThread / seconds, threads, PostgresOptions.defaults().poolSize());
    }
  }

  private static List<WriteOp> step(long k) {
    return List.of(WriteOp.putIfAbsent("out/" + k, new byte[64]), WriteOp.increment("fires/" + (k % 8), 1),
        WriteOp.addToSet("set/" + k, "m", new byte[8]));
  }

  interface Body {
    void run() throws Exception;
  }

  private static long[] time(int n, Body body) throws Exception {
    for (int i = 0; i < Math.min(200, n); i++) {
      body.run();
    }
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      body.run();
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void report(String what, long[] sorted) {
    System.out.printf("%-70s p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms%n", what, sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 9 / 10] / 1e6, sorted[sorted.length * 99 / 100] / 1e6);
  }
}
