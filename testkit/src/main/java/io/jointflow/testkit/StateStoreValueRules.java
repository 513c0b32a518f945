package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules for plain values: get, putIfAbsent, compareAndSet, delete. Part of {@link StateStoreContract}. */
abstract class StateStoreValueRules extends StateStoreFixture {

  @Test
  void getOfAMissingKeyIsEmpty() {
    assertThat(store().get("missing")).isEmpty();
  }

  @Test
  void putIfAbsentCreatesVersionOneAndKeepsTheFirstValue() {
    assertThat(store().putIfAbsent("k", bytes("first"))).isTrue();
    assertThat(store().putIfAbsent("k", bytes("second"))).isFalse();

    Versioned v = store().get("k").orElseThrow();
    assertThat(text(v.value())).isEqualTo("first");
    assertThat(v.version()).isEqualTo(1);
  }

  @Test
  void compareAndSetWithVersionZeroCreatesOnlyIfAbsent() {
    assertThat(store().compareAndSet("k", 0, bytes("a"))).isTrue();
    assertThat(store().get("k").orElseThrow().version()).isEqualTo(1);

    assertThat(store().compareAndSet("k", 0, bytes("b"))).isFalse();
    assertThat(text(store().get("k").orElseThrow().value())).isEqualTo("a");
  }

  @Test
  void compareAndSetAddsOneToTheVersion() {
    store().putIfAbsent("k", bytes("v1"));
    assertThat(store().compareAndSet("k", 1, bytes("v2"))).isTrue();
    assertThat(store().compareAndSet("k", 2, bytes("v3"))).isTrue();

    Versioned v = store().get("k").orElseThrow();
    assertThat(text(v.value())).isEqualTo("v3");
    assertThat(v.version()).isEqualTo(3);
  }

  @Test
  void compareAndSetWithAStaleOrFutureVersionChangesNothing() {
    store().putIfAbsent("k", bytes("v1"));
    store().compareAndSet("k", 1, bytes("v2"));

    assertThat(store().compareAndSet("k", 1, bytes("stale"))).isFalse();
    assertThat(store().compareAndSet("k", 3, bytes("future"))).isFalse();
    Versioned v = store().get("k").orElseThrow();
    assertThat(text(v.value())).isEqualTo("v2");
    assertThat(v.version()).isEqualTo(2);
  }

  @Test
  void compareAndSetOfAMissingKeyWithANonZeroVersionCreatesNothing() {
    assertThat(store().compareAndSet("k", 1, bytes("x"))).isFalse();
    assertThat(store().get("k")).isEmpty();
  }

  @Test
  void deleteRemovesOnlyThatKey() {
    store().putIfAbsent("a", bytes("1"));
    store().putIfAbsent("ab", bytes("2"));
    store().putIfAbsent("a/b", bytes("3"));

    store().delete("a");

    assertThat(store().get("a")).isEmpty();
    assertThat(store().get("ab")).isPresent();
    assertThat(store().get("a/b")).isPresent();
  }

  @Test
  void deleteOfAMissingKeyIsIgnored() {
    store().delete("missing");
    assertThat(store().get("missing")).isEmpty();
  }

  @Test
  void aDeletedKeyIsCreatedAgainAtVersionOne() {
    store().putIfAbsent("k", bytes("old"));
    store().compareAndSet("k", 1, bytes("older"));
    store().delete("k");

    assertThat(store().compareAndSet("k", 2, bytes("stale"))).isFalse();
    assertThat(store().putIfAbsent("k", bytes("new"))).isTrue();
    Versioned v = store().get("k").orElseThrow();
    assertThat(text(v.value())).isEqualTo("new");
    assertThat(v.version()).isEqualTo(1);
  }

  @Test
  void storesEmptyAndArbitraryBinaryValues() {
    byte[] everyByte = new byte[512];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    store().putIfAbsent("empty", new byte[0]);
    store().putIfAbsent("zeros", new byte[64]);
    store().putIfAbsent("every-byte", everyByte);

    assertThat(store().get("empty").orElseThrow().value()).isEmpty();
    assertThat(store().get("zeros").orElseThrow().value()).isEqualTo(new byte[64]);
    assertThat(store().get("every-byte").orElseThrow().value()).isEqualTo(everyByte);
  }

  @Test
  void storesOneMegabyteValues() {
    byte[] big = randomBytes(1 << 20, 7);
    byte[] bigger = randomBytes((1 << 20) + 3, 8);
    store().putIfAbsent("big", big);
    assertThat(store().get("big").orElseThrow().value()).isEqualTo(big);

    assertThat(store().compareAndSet("big", 1, bigger)).isTrue();
    assertThat(store().get("big").orElseThrow().value()).isEqualTo(bigger);
  }

  @Test
  void keepsTheValueItWasGivenEvenIfTheCallerChangesTheArray() {
    byte[] value = bytes("original");
    store().putIfAbsent("k", value);
    value[0] = 'X';
    assertThat(text(store().get("k").orElseThrow().value())).isEqualTo("original");
  }

  @Test
  void unicodeKeysAreDistinctAndExact() {
    // Precomposed and decomposed forms are different keys: stores must not normalize.
    List<String> keys = List.of("ключ", "键/值", "🔑", "é", "e\u0301", "tab\there", "quote'\"");
    for (String key : keys) {
      assertThat(store().putIfAbsent(key, bytes("value of " + key))).as(key).isTrue();
    }
    for (String key : keys) {
      assertThat(text(store().get(key).orElseThrow().value())).isEqualTo("value of " + key);
    }
    assertThat(store().get("e")).isEmpty();
  }

  @Test
  void valuesVersionsAndDeletesSurviveReopening() {
    StateStore s = store();
    s.putIfAbsent("kept", bytes("v1"));
    s.compareAndSet("kept", 1, bytes("v2"));
    s.putIfAbsent("deleted", bytes("gone"));
    s.delete("deleted");
    s.putIfAbsent("binary", new byte[] {0, 1, 0, -1});

    reopenStore();

    Versioned kept = store().get("kept").orElseThrow();
    assertThat(text(kept.value())).isEqualTo("v2");
    assertThat(kept.version()).isEqualTo(2);
    assertThat(store().get("deleted")).isEmpty();
    assertThat(store().get("binary").orElseThrow().value()).containsExactly(0, 1, 0, -1);
    assertThat(store().compareAndSet("kept", 2, bytes("v3"))).isTrue();
  }
}
