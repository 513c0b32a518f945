package io.jointflow.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.PostgresServer;
import io.jointflow.testkit.StateStoreContract;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole state store contract against a real PostgreSQL server with fsync on. Tests share one
 * server, each in its own schema; {@link #reopen} closes the store, kills the server (SIGKILL, every
 * backend too) and starts it again on the same data, so the durability rules check that
 * acknowledged writes survive a server crash (crash recovery from the write-ahead log).
 */
class PostgresStateStoreIT extends StateStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static PostgresServer pg;
  private String schema;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private PostgresStateStore open() {
    return PostgresStateStore.open(pg.url(), PostgresOptions.builder().schema(schema).build());
  }

  @Override
  protected StateStore newStore() {
    schema = "test" + TESTS.incrementAndGet();
    return open();
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    pg.restart();
    return open();
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    StateStoreProvider provider = ServiceLoader.load(StateStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("postgres")).findFirst().orElseThrow();
    String location = "//127.0.0.1:" + pg.port() + "/postgres?user=jointflow&schema=" + schema + "_provider";
    try (StateStore s = provider.open(location, ManualEnvironment.direct(1))) {
      assertThat(s.name()).isEqualTo("postgres");
      assertThat(s).hasToString("postgres state store 'postgres://127.0.0.1:" + pg.port() + "/postgres'");
      assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
    }
    assertThat(store().get("k")).as("another schema").isEmpty();
    assertThatThrownBy(() -> provider.open("", ManualEnvironment.direct(1)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("state store 'postgres' needs a server: ''; use --state postgres://HOST:PORT/DATABASE");
  }

  @Test
  void storesInDifferentSchemasOfOneDatabaseSeeNothingOfEachOther() {
    store().putIfAbsent("k", new byte[] {1});
    store().addToSetAndGet("s", "m", new byte[0]);
    try (StateStore other = PostgresStateStore.open(pg.url() + "&schema=" + schema + "_other")) {
      assertThat(other.get("k")).isEmpty();
      assertThat(other.scan("", null, 10)).isEmpty();
      assertThat(other.addToSetAndGet("s", "x", new byte[0]).position()).isZero();
      assertThat(other.deletePrefix("")).isEqualTo(1);
    }
    assertThat(store().get("k")).isPresent();
    assertThat(store().members("s", 0, 10)).hasSize(1);
  }

  @Test
  void aClosedStoreSaysSo() {
    PostgresStateStore s = open();
    s.close();
    s.close();
    assertThatThrownBy(() -> s.putIfAbsent("late", new byte[0]))
        .isInstanceOf(StoreException.class)
        .hasMessage("postgres state store 'postgres://127.0.0.1:" + pg.port() + "/postgres' is closed: cannot put key 'late'")
        .satisfies(e -> assertThat(((StoreException) e).retryable()).isFalse());
  }

  @Test
  void aBatchThatWouldOverflowACounterWritesNothingAndSaysSo() {
    store().incrementAndGet("n", Long.MAX_VALUE - 1);
    assertThatThrownBy(() -> store().writeBatch(List.of(WriteOp.putIfAbsent("k", new byte[0]), WriteOp.increment("n", 2))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("counter 'n' would go beyond 64 bits; nothing was written")
        .satisfies(e -> assertThat(((StoreException) e).retryable()).isFalse());
    assertThat(store().get("k")).isEmpty();
    assertThat(store().incrementAndGet("n", 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(store().incrementAndGet("m", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> store().incrementAndGet("m", -1)).hasMessageContaining("counter 'm' would go beyond 64 bits");
    assertThat(store().incrementAndGet("m", 0)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void aSecondStoreOnTheSameSchemaSharesItsData() {
    store().putIfAbsent("shared", new byte[] {7});
    try (PostgresStateStore again = open()) {
      assertThat(again.get("shared")).isPresent();
      assertThat(again.writeBatch(List.of(WriteOp.putIfAbsent("shared", new byte[0]))).failedIndex()).isZero();
    }
  }
}
