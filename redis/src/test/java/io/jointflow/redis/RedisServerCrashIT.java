package io.jointflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A server crash during atomic batches: while a writer commits large batches, redis-server is killed
 * with SIGKILL at a random point and started again on its data. Every batch is there whole or not at
 * all, every batch the writer saw acknowledged is there, and the writer's call that the kill cut
 * failed as retryable.
 */
class RedisServerCrashIT {
  private static final int KILLS = 4;
  private static final int KEYS = 300;
  private static final int SETS = 20;

  static List<WriteOp> batch(long n, long lastVersion) {
    List<WriteOp> ops = new ArrayList<>();
    byte[] value = ("batch " + n).getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < KEYS; k++) {
      ops.add(WriteOp.putIfAbsent("b/" + n + "/" + k, value));
    }
    for (int k = 0; k < SETS; k++) {
      ops.add(WriteOp.addToSet("s/" + n + "/" + k, "m" + k, value));
    }
    ops.add(WriteOp.increment("c/" + n, KEYS));
    ops.add(WriteOp.compareAndSet("last", lastVersion, String.valueOf(n).getBytes(StandardCharsets.UTF_8)));
    return ops;
  }

  /** Writes batches from {@code first} on until a call fails; returns that failure. */
  private static StoreException write(RedisStateStore store, long first, AtomicLong acknowledged) {
    for (long n = first; ; n++) {
      try {
        long version = store.get("last").map(v -> v.version()).orElse(0L);
        BatchOutcome out = store.writeBatch(batch(n, version));
        if (!out.committed()) {
          throw new AssertionError("batch " + n + " failed its condition at " + out.failedIndex());
        }
        acknowledged.set(n);
      } catch (StoreException e) {
        return e;
      }
    }
  }

  @Test
  void aKilledServerKeepsEveryBatchWholeOrAbsent() throws Exception {
    long seed = Long.getLong("jointflow.seed", System.nanoTime());
    SplittableRandom random = new SplittableRandom(seed);
    try (RedisServer redis = RedisServer.start(); RedisStateStore store = RedisStateStore.open(redis.uri())) {
      long next = 0;
      for (int kill = 0; kill < KILLS; kill++) {
        AtomicLong acknowledged = new AtomicLong(next - 1);
        long first = next;
        CompletableFuture<StoreException> writer = CompletableFuture.supplyAsync(() -> write(store, first, acknowledged));
        long waitFor = first + random.nextInt(3);
        Await.until("batch " + waitFor + " acknowledged (seed " + seed + ")", () -> acknowledged.get() >= waitFor || writer.isDone());
        // Kill it somewhere inside the next batches: one takes about a millisecond to run.
        Thread.sleep(random.nextInt(20));
        redis.kill();
        StoreException cut = writer.get(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES);
        assertThat(cut.retryable()).as("%s (seed %d)", cut, seed).isTrue();
        long reported = acknowledged.get();

        redis.restart();

        long present = 0;
        for (long n = 0; n < reported + 20; n++) {
          int values = store.scan("b/" + n + "/", null, KEYS + 1).size();
          int sets = 0;
          for (int k = 0; k < SETS; k++) {
            sets += store.members("s/" + n + "/" + k, 0, 2).size();
          }
          long counter = store.incrementAndGet("c/" + n, 0);
          boolean whole = values == KEYS && sets == SETS && counter == KEYS;
          boolean absent = values == 0 && sets == 0 && counter == 0;
          assertThat(whole || absent).as("batch %d after kill %d (seed %d): %d values, %d set members, counter %d",
              n, kill, seed, values, sets, counter).isTrue();
          if (n <= reported) {
            assertThat(whole).as("batch %d was acknowledged (seed %d)", n, seed).isTrue();
          }
          present += whole ? 1 : 0;
        }
        assertThat(present).as("batches present after kill %d (seed %d)", kill, seed).isGreaterThanOrEqualTo(reported + 1);
        System.out.printf("kill %d (seed %d): %d batches acknowledged, %d present; the cut call: %s%n",
            kill, seed, reported + 1, present, cut.getMessage());
        String last = new String(store.get("last").orElseThrow().value(), StandardCharsets.UTF_8);
        assertThat(Long.parseLong(last)).as("the last batch's compare-and-set").isEqualTo(present - 1);
        assertThat(store.get("last").orElseThrow().version()).isEqualTo(present);
        next = present;
      }
    }
  }
}
