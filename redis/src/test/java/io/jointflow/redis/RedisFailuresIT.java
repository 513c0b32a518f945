package io.jointflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Failures on real servers: nothing listening, a password refused, a server killed (SIGKILL) under
 * the store, with calls waiting for it. Each is a {@link StoreException} that names the store and
 * endpoint and says whether it is retryable; no message shows a password.
 */
class RedisFailuresIT {
  private static final String PASSWORD = "s3cret-Pw";

  private static StoreException failure(Runnable call) {
    try {
      call.run();
    } catch (StoreException e) {
      return e;
    }
    throw new AssertionError("expected a StoreException");
  }

  @Test
  void aServerThatIsNotThereIsRetryable() {
    int port;
    try (RedisServer gone = RedisServer.start()) {
      port = gone.port();
    }
    String label = "redis state store 'redis://127.0.0.1:" + port + "/0'";

    StoreException e = failure(() -> RedisStateStore.open("redis://127.0.0.1:" + port));

    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageStartingWith(label + " is unreachable: cannot connect: ")
        .hasMessageEndingWith("(retryable; is redis-server running there?)");
  }

  @Test
  void aMissingOrWrongPasswordIsRefusedAndNeverShown() {
    try (RedisServer redis = RedisServer.startWithPassword(PASSWORD)) {
      String label = "redis state store 'redis://127.0.0.1:" + redis.port() + "/0'";

      StoreException none = failure(() -> RedisStateStore.open(redis.uri()));
      assertThat(none.retryable()).isFalse();
      assertThat(none).hasMessageStartingWith(label + " refused access: cannot connect: NOAUTH")
          .hasMessageEndingWith("; give the password in JOINTFLOW_REDIS_PASSWORD or redis://:PASSWORD@HOST:PORT (not retryable)");

      String wrong = "redis://:not-" + PASSWORD + "@127.0.0.1:" + redis.port();
      StoreException refused = failure(() -> RedisStateStore.open(wrong));
      assertThat(refused.retryable()).isFalse();
      assertThat(refused).hasMessageStartingWith(label + " refused access: cannot connect: WRONGPASS")
          .hasMessageNotContaining(PASSWORD);

      var fromEnvironment = new RedisStateStoreProvider(Map.of(RedisStateStoreProvider.PASSWORD_VARIABLE, "bad-" + PASSWORD)::get);
      assertThat(failure(() -> fromEnvironment.open("//127.0.0.1:" + redis.port(), ManualEnvironment.direct(1))))
          .hasMessageStartingWith(label + " refused access").hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void thePasswordComesFromTheLocationTheOptionsOrTheEnvironment() {
    try (RedisServer redis = RedisServer.startWithPassword(PASSWORD)) {
      String hostPort = "127.0.0.1:" + redis.port();
      try (StateStore s = RedisStateStore.open("redis://:" + PASSWORD + "@" + hostPort)) {
        assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
        assertThat(s.toString()).doesNotContain(PASSWORD);
      }
      try (StateStore s = RedisStateStore.open(redis.uri(), RedisOptions.builder().password(PASSWORD).build())) {
        assertThat(s.get("k")).isPresent();
      }
      var provider = new RedisStateStoreProvider(Map.of(RedisStateStoreProvider.PASSWORD_VARIABLE, PASSWORD)::get);
      try (StateStore s = provider.open("//" + hostPort, ManualEnvironment.direct(1))) {
        assertThat(s.get("k")).isPresent();
      }
    }
  }

  @Test
  void aKilledServerFailsCallsAsRetryableAndTheStoreRecoversWhenItIsBack() {
    try (RedisServer redis = RedisServer.start(); RedisStateStore store = RedisStateStore.open(redis.uri())) {
      String label = "redis state store 'redis://127.0.0.1:" + redis.port() + "/0'";
      store.putIfAbsent("before", new byte[] {1});

      redis.kill();

      StoreException read = failure(() -> store.get("before"));
      assertThat(read.retryable()).isTrue();
      assertThat(read).hasMessageStartingWith(label).hasMessageContaining("cannot get key 'before'").hasMessageContaining("(retryable");
      StoreException write = failure(() -> store.writeBatch(List.of(WriteOp.putIfAbsent("during", new byte[0]))));
      assertThat(write.retryable()).isTrue();
      assertThat(write).hasMessageStartingWith(label).hasMessageContaining("cannot write a batch of 1 operations on keys 'during'");

      redis.restart();

      assertThat(store.get("before")).as("acknowledged before the kill").isPresent();
      assertThat(store.putIfAbsent("after", new byte[] {2})).isTrue();
    }
  }

  @Test
  void callsInFlightWhenTheServerDiesFailAsRetryable() throws Exception {
    int threads = 8;
    try (RedisServer redis = RedisServer.start(); RedisStateStore store = RedisStateStore.open(redis.uri())) {
      CountDownLatch running = new CountDownLatch(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<StoreException>> ends = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        ends.add(pool.submit(() -> {
          for (long i = 0; ; i++) {
            try {
              store.writeBatch(List.of(WriteOp.increment("n/" + thread, 1), WriteOp.putIfAbsent("k/" + thread + "/" + i, new byte[64])));
            } catch (StoreException e) {
              return e;
            }
            if (i == 10) {
              running.countDown();
            }
          }
        }));
      }
      assertThat(running.await(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)).isTrue();

      redis.kill();

      for (Future<StoreException> end : ends) {
        StoreException e = end.get(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES);
        assertThat(e.retryable()).as("%s", e).isTrue();
        assertThat(e).hasMessageStartingWith("redis state store 'redis://127.0.0.1:" + redis.port() + "/0'");
      }
      pool.shutdown();
      redis.restart();
      for (int t = 0; t < threads; t++) {
        // Every acknowledged batch is there; the last one, cut by the kill, may or may not be.
        long count = store.incrementAndGet("n/" + t, 0);
        assertThat(store.scan("k/" + t + "/", null, 100_000)).hasSize((int) count);
      }
    }
  }

  @Test
  void aServerWithoutAnAlwaysSyncedAppendOnlyFileGetsAWarning() {
    List<String> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        warnings.add(r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger(RedisStateStore.class.getName());
    logger.addHandler(capture);
    try (RedisServer redis = RedisServer.start()) {
      RedisStateStore.open(redis.uri()).close();
      assertThat(warnings).isEmpty();
      var client = io.lettuce.core.RedisClient.create(redis.uri());
      try (var c = client.connect()) {
        c.sync().configSet("appendfsync", "everysec");
      } finally {
        client.shutdown();
      }
      RedisStateStore.open(redis.uri()).close();
      assertThat(warnings).containsExactly("redis state store '" + "redis://127.0.0.1:" + redis.port()
          + "/0' may lose acknowledged writes if the server crashes: appendonly yes, appendfsync everysec;"
          + " for exactly-once state run it with --appendonly yes --appendfsync always");
    } finally {
      logger.removeHandler(capture);
    }
  }
}
