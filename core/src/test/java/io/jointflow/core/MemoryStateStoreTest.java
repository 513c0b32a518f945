package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.Entry;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.testkit.StateStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MemoryStateStoreTest extends StateStoreContract {

  @Override
  protected StateStore newStore() {
    return MemoryStateStore.create();
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    StateStoreProvider provider =
        ServiceLoader.load(StateStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("memory"))
            .findFirst()
            .orElseThrow();
    try (StateStore s = provider.open("", ManualEnvironment.direct(1))) {
      assertThat(s.name()).isEqualTo("memory");
      assertThat(s.putIfAbsent("k", new byte[] {1})).isTrue();
    }
    assertThatThrownBy(() -> provider.open("/tmp/x", ManualEnvironment.direct(1)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("state store 'memory' takes no location: /tmp/x");
  }

  @Test
  void aClosedStoreSaysSo() {
    store().close();
    assertThatThrownBy(() -> store().get("k"))
        .isInstanceOf(StoreException.class)
        .hasMessage("state store 'memory' is closed: cannot use key 'k'");
  }

  @Test
  void codePointOrderAgreesWithUtf8ByteOrder() {
    Random random = new Random(5);
    List<String> strings = new ArrayList<>();
    int[] interesting = {0x41, 0x7F, 0xE9, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
    for (int i = 0; i < 2000; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = random.nextInt(4); j >= 0; j--) {
        b.appendCodePoint(interesting[random.nextInt(interesting.length)]);
      }
      strings.add(b.toString());
    }
    for (int i = 1; i < strings.size(); i++) {
      String a = strings.get(i - 1);
      String b = strings.get(i);
      int expected = java.util.Arrays.compareUnsigned(utf8(a), utf8(b));
      assertThat(Integer.signum(MemoryStateStore.compareCodePoints(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(expected));
    }
  }

  /**
   * The same contract against only the abstract methods of the memory store, so that the SPI's
   * compare-and-set defaults for sets, counters and lists run: they must pass it too.
   */
  @Nested
  class WithTheCompareAndSetDefaults extends StateStoreContract {
    @Override
    protected StateStore newStore() {
      MemoryStateStore inner = MemoryStateStore.create();
      return new StateStore() {
        @Override
        public String name() {
          return "memory-cas";
        }

        @Override
        public Optional<Versioned> get(String key) {
          return inner.get(key);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value) {
          return inner.putIfAbsent(key, value);
        }

        @Override
        public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
          return inner.compareAndSet(key, expectedVersion, value);
        }

        @Override
        public void delete(String key) {
          inner.delete(key);
        }

        @Override
        public long deletePrefix(String prefix) {
          return inner.deletePrefix(prefix);
        }

        @Override
        public List<Entry> scan(String prefix, String startAfter, int limit) {
          return inner.scan(prefix, startAfter, limit);
        }

        @Override
        public void close() {
          inner.close();
        }
      };
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
