package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StateStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
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
   * The same contract against a store that implements only the abstract methods, over plain
   * values, so that the SPI's compare-and-set defaults for sets, counters, lists and set removal
   * run: they must pass it too.
   */
  @Nested
  class WithTheCompareAndSetDefaults extends StateStoreContract {
    @Override
    protected StateStore newStore() {
      return new PlainValueStore();
    }
  }

  /**
   * Plain values in a sorted map under one monitor; everything else comes from the SPI's
   * defaults. Batches apply their operations one by one and put back the touched values if a
   * condition fails (nothing else runs meanwhile: every method holds the monitor).
   */
  private static final class PlainValueStore implements StateStore {
    private final java.util.TreeMap<String, Versioned> values = new java.util.TreeMap<>(MemoryStateStore.CODE_POINT_ORDER);

    @Override
    public String name() {
      return "plain-values";
    }

    @Override
    public synchronized Optional<Versioned> get(String key) {
      return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] value) {
      return values.putIfAbsent(key, new Versioned(value.clone(), 1)) == null;
    }

    @Override
    public synchronized boolean compareAndSet(String key, long expectedVersion, byte[] value) {
      if (expectedVersion < 0) {
        throw new IllegalArgumentException("state key '" + key + "' expected version is negative: " + expectedVersion);
      }
      Versioned cur = values.get(key);
      if (expectedVersion == 0 ? cur != null : cur == null || cur.version() != expectedVersion) {
        return false;
      }
      values.put(key, new Versioned(value.clone(), expectedVersion + 1));
      return true;
    }

    @Override
    public synchronized void delete(String key) {
      values.remove(key);
    }

    @Override
    public synchronized long deletePrefix(String prefix) {
      List<String> keys = values.tailMap(prefix, true).keySet().stream().takeWhile(k -> k.startsWith(prefix)).toList();
      keys.forEach(values::remove);
      return keys.size();
    }

    @Override
    public synchronized List<Entry> scan(String prefix, String startAfter, int limit) {
      var from = startAfter != null && MemoryStateStore.CODE_POINT_ORDER.compare(startAfter, prefix) >= 0
          ? values.tailMap(startAfter, false) : values.tailMap(prefix, true);
      return from.entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix)).limit(limit)
          .map(e -> new Entry(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized BatchOutcome writeBatch(List<WriteOp> ops) {
      List<WriteOp> batch = WriteOp.checkBatch(ops, maxBatchSize());
      java.util.Map<String, Versioned> before = new java.util.HashMap<>();
      for (int i = 0; i < batch.size(); i++) {
        WriteOp op = batch.get(i);
        before.put(op.key(), values.get(op.key()));
        if (!apply(op)) {
          before.forEach((k, v) -> {
            if (v == null) {
              values.remove(k);
            } else {
              values.put(k, v);
            }
          });
          return BatchOutcome.failedAt(i);
        }
      }
      return BatchOutcome.COMMITTED;
    }

    private boolean apply(WriteOp op) {
      return switch (op) {
        case WriteOp.PutIfAbsent p -> putIfAbsent(p.key(), p.value());
        case WriteOp.RequireAbsent r -> get(r.key()).isEmpty();
        case WriteOp.CompareAndSet c -> compareAndSet(c.key(), c.expectedVersion(), c.value());
        case WriteOp.Delete d -> {
          delete(d.key());
          yield true;
        }
        case WriteOp.AddToSet a -> {
          SetAdd added = addToSetAndGet(a.key(), a.member(), a.value());
          yield !added.added() || added.position() < a.limit();
        }
        case WriteOp.RemoveFromSet r -> {
          removeFromSet(r.key(), r.members());
          yield true;
        }
        case WriteOp.Increment n -> incrementAndGet(n.key(), n.delta()) <= n.max();
      };
    }

    @Override
    public void close() {}
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
