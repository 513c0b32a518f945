package io.jointflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.WriteOp;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.RedisServer;
import io.jointflow.testkit.StateStoreContract;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole state store contract against a real redis-server with an append-only file synced on
 * every write. Tests share one server, each under its own key prefix; {@link #reopen} closes the
 * store, kills the server (SIGKILL) and starts it again on the same data, so the durability rules
 * check that acknowledged writes survive a server crash.
 */
class RedisStateStoreIT extends StateStoreContract {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static RedisServer redis;
  private String prefix;

  @BeforeAll
  static void startServer() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    redis.close();
  }

  private RedisStateStore open() {
    return RedisStateStore.open(redis.uri(), RedisOptions.builder().keyPrefix(prefix).build());
  }

  @Override
  protected StateStore newStore() {
    prefix = "test" + TESTS.incrementAndGet() + ":";
    return open();
  }

  @Override
  protected StateStore reopen(StateStore store) {
    store.close();
    redis.restart();
    return open();
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    StateStoreProvider provider = ServiceLoader.load(StateStoreProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("redis")).findFirst().orElseThrow();
    String location = "//127.0.0.1:" + redis.port() + "/2?prefix=" + prefix + "provider:";
    try (StateStore s = provider.open(location, ManualEnvironment.direct(1))) {
      assertThat(s.name()).isEqualTo("redis");
      assertThat(s).hasToString("redis state store 'redis://127.0.0.1:" + redis.port() + "/2'");
      assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
    }
    assertThat(store().get("k")).as("database 2 and another prefix").isEmpty();
    assertThatThrownBy(() -> provider.open("", ManualEnvironment.direct(1)))
        .isInstanceOf(StoreException.class)
        .hasMessage("state store 'redis' needs a server: ''; use --state redis://HOST:PORT");
  }

  @Test
  void storesWithDifferentPrefixesOnOneServerSeeNothingOfEachOther() {
    store().putIfAbsent("k", new byte[] {1});
    store().addToSetAndGet("s", "m", new byte[0]);
    try (StateStore other = RedisStateStore.open(redis.uri(), RedisOptions.builder().keyPrefix(prefix + "other:").build())) {
      assertThat(other.get("k")).isEmpty();
      assertThat(other.scan("", null, 10)).isEmpty();
      assertThat(other.addToSetAndGet("s", "x", new byte[0]).position()).isZero();
      assertThat(other.deletePrefix("")).isEqualTo(1);
    }
    assertThat(store().get("k")).isPresent();
    assertThat(store().members("s", 0, 10)).hasSize(1);
  }

  @Test
  void scriptsTheServerForgotAreLoadedAgain() {
    store().putIfAbsent("before", new byte[] {1});
    // A restart forgets scripts too; SCRIPT FLUSH does so without closing the connection.
    flushScripts();
    assertThat(store().putIfAbsent("after", new byte[] {2})).isTrue();
    assertThat(store().scan("", null, 10)).hasSize(2);
    flushScripts();
    assertThat(store().members("s", 0, 10)).isEmpty();
  }

  private static void flushScripts() {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
    try (var c = client.connect()) {
      c.sync().scriptFlush();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    RedisStateStore s = open();
    s.close();
    s.close();
    assertThatThrownBy(() -> s.putIfAbsent("late", new byte[0]))
        .isInstanceOf(StoreException.class)
        .hasMessage("redis state store 'redis://127.0.0.1:" + redis.port() + "/0' is closed: cannot put key 'late'")
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
}
