package io.jointflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Failures on real servers: nothing listening, a password refused or missing, a server killed
 * (SIGKILL, with its backends) under the store, with calls in flight. Each is a {@link
 * StoreException} that names the store and endpoint and says whether it is retryable; no message
 * shows a password; what was acknowledged before a kill is there after the restart.
 */
class PostgresFailuresIT {
  private static final String PASSWORD = "s3cret-Pw";

  private static StoreException failure(Runnable call) {
    try {
      call.run();
    } catch (StoreException e) {
      return e;
    }
    throw new AssertionError("expected a StoreException");
  }

  private static String label(PostgresServer pg) {
    return "postgres state store 'postgres://127.0.0.1:" + pg.port() + "/postgres'";
  }

  @Test
  void aServerThatIsNotThereIsRetryable() {
    int port;
    try (PostgresServer gone = PostgresServer.start()) {
      port = gone.port();
    }
    String url = "postgres://127.0.0.1:" + port + "/postgres?user=jointflow";

    StoreException e = failure(() -> PostgresStateStore.open(url));
    System.out.println("unreachable: " + e.getMessage());

    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessageStartingWith("postgres state store 'postgres://127.0.0.1:" + port + "/postgres' is unreachable: cannot connect: ")
        .hasMessageEndingWith("(retryable; is PostgreSQL running there?)");
  }

  @Test
  void aMissingOrWrongPasswordIsRefusedAndNeverShown() {
    try (PostgresServer pg = PostgresServer.startWithPassword(PASSWORD)) {
      StoreException none = failure(() -> PostgresStateStore.open(pg.url()));
      assertThat(none.retryable()).isFalse();
      assertThat(none).hasMessageStartingWith(label(pg) + " refused access: cannot connect: ")
          .hasMessageEndingWith("give the user as ?user=USER and the password in JOINTFLOW_POSTGRES_PASSWORD or PGPASSWORD,"
              + " and grant it CREATE on the database (not retryable)");

      StoreException wrong = failure(() -> PostgresStateStore.open(pg.url(), PostgresOptions.builder().password("not-" + PASSWORD).build()));
      System.out.println("no password: " + none.getMessage());
      System.out.println("wrong password: " + wrong.getMessage());
      assertThat(wrong.retryable()).isFalse();
      assertThat(wrong).hasMessageStartingWith(label(pg) + " refused access: cannot connect: ")
          .hasMessageContaining("password authentication failed for user \"jointflow\"").hasMessageContaining("[28P01]")
          .hasMessageNotContaining(PASSWORD);

      var fromEnvironment = new PostgresStateStoreProvider(Map.of(PostgresStateStoreProvider.PASSWORD_VARIABLE, "bad-" + PASSWORD)::get);
      assertThat(failure(() -> fromEnvironment.open(pg.url().substring("postgres:".length()), ManualEnvironment.direct(1))))
          .hasMessageStartingWith(label(pg) + " refused access").hasMessageNotContaining(PASSWORD);

      StoreException inLocation = failure(() -> PostgresStateStore.open("postgres://jointflow:" + PASSWORD + "@127.0.0.1:" + pg.port() + "/postgres"));
      assertThat(inLocation.retryable()).isFalse();
      assertThat(inLocation).hasMessageContaining("carries a password; give it in JOINTFLOW_POSTGRES_PASSWORD or PGPASSWORD")
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void thePasswordComesFromTheOptionsOrTheEnvironment() {
    try (PostgresServer pg = PostgresServer.startWithPassword(PASSWORD)) {
      try (StateStore s = PostgresStateStore.open(pg.url(), PostgresOptions.builder().password(PASSWORD).build())) {
        assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
        assertThat(s.toString()).doesNotContain(PASSWORD);
      }
      String location = pg.url().substring("postgres:".length());
      var ours = new PostgresStateStoreProvider(Map.of(PostgresStateStoreProvider.PASSWORD_VARIABLE, PASSWORD, "PGPASSWORD", "wrong")::get);
      try (StateStore s = ours.open(location, ManualEnvironment.direct(1))) {
        assertThat(s.get("k")).as("JOINTFLOW_POSTGRES_PASSWORD comes first").isPresent();
      }
      var libpqs = new PostgresStateStoreProvider(Map.of("PGPASSWORD", PASSWORD)::get);
      try (StateStore s = libpqs.open(location, ManualEnvironment.direct(1))) {
        assertThat(s.get("k")).isPresent();
      }
    }
  }

  @Test
  void aKilledServerFailsCallsAsRetryableAndTheStoreRecoversWhenItIsBack() {
    try (PostgresServer pg = PostgresServer.start(); PostgresStateStore store = PostgresStateStore.open(pg.url())) {
      store.putIfAbsent("before", new byte[] {1});
      store.writeBatch(List.of(WriteOp.increment("n", 5), WriteOp.addToSet("s", "m", new byte[] {2})));

      pg.kill();

      StoreException read = failure(() -> store.get("before"));
      assertThat(read.retryable()).isTrue();
      assertThat(read).hasMessageStartingWith(label(pg)).hasMessageContaining("cannot get key 'before'").hasMessageContaining("(retryable");
      StoreException write = failure(() -> store.writeBatch(List.of(WriteOp.putIfAbsent("during", new byte[0]))));
      assertThat(write.retryable()).isTrue();
      assertThat(write).hasMessageStartingWith(label(pg)).hasMessageContaining("cannot write a batch of 1 operations on keys 'during'");
      System.out.println("read while down: " + read.getMessage());
      System.out.println("write while down: " + write.getMessage());

      pg.restart();

      assertThat(store.get("before")).as("acknowledged before the kill").isPresent();
      assertThat(store.incrementAndGet("n", 0)).isEqualTo(5);
      assertThat(store.members("s", 0, 10)).hasSize(1);
      assertThat(store.putIfAbsent("after", new byte[] {2})).isTrue();
    }
  }

  @Test
  void callsInFlightWhenTheServerDiesFailAsRetryable() throws Exception {
    int threads = 8;
    try (PostgresServer pg = PostgresServer.start(); PostgresStateStore store = PostgresStateStore.open(pg.url())) {
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

      pg.kill();

      for (Future<StoreException> end : ends) {
        StoreException e = end.get(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES);
        System.out.println("in flight: " + e.getMessage());
        assertThat(e.retryable()).as("%s", e).isTrue();
        assertThat(e).hasMessageStartingWith(label(pg));
      }
      pool.shutdown();
      pg.restart();
      for (int t = 0; t < threads; t++) {
        // Every acknowledged batch is there whole; the last one, cut by the kill, may or may not be.
        long count = store.incrementAndGet("n/" + t, 0);
        assertThat(count).isGreaterThanOrEqualTo(11);
        assertThat(store.scan("k/" + t + "/", null, 100_000)).hasSize((int) count);
      }
    }
  }
}
