package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rules for key ranges of plain values: scan and deletePrefix. Keys are ordered by Unicode code
 * point (the order of their UTF-8 bytes). Part of {@link StateStoreContract}.
 */
abstract class StateStoreScanRules extends StateStoreValueRules {

  private void putAll(List<String> keys) {
    for (String k : keys) {
      store().putIfAbsent(k, bytes("v:" + k));
    }
  }

  private List<String> scanKeys(String prefix, String startAfter, int limit) {
    return store().scan(prefix, startAfter, limit).stream().map(Entry::key).toList();
  }

  @Test
  void scanReturnsKeysInOrderWithTheirValuesAndVersions() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add("p/" + (char) ('a' + i % 26) + i);
    }
    List<String> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, new Random(1));
    putAll(shuffled);
    store().compareAndSet("p/a0", 1, bytes("changed"));

    List<Entry> entries = store().scan("p/", null, 100);

    assertThat(entries).extracting(Entry::key).containsExactlyElementsOf(keys.stream().sorted().toList());
    Entry first = entries.getFirst();
    assertThat(first.key()).isEqualTo("p/a0");
    assertThat(text(first.value().value())).isEqualTo("changed");
    assertThat(first.value().version()).isEqualTo(2);
    assertThat(text(entries.get(1).value().value())).isEqualTo("v:" + entries.get(1).key());
  }

  @Test
  void scanStaysInsideThePrefix() {
    putAll(List.of("a", "a/a", "a/b", "a/b/x", "a/bc", "a/c", "a0", "b", "a."));

    assertThat(scanKeys("a/b", null, 100)).containsExactly("a/b", "a/b/x", "a/bc");
    assertThat(scanKeys("a/b/", null, 100)).containsExactly("a/b/x");
    assertThat(scanKeys("a/", null, 100)).containsExactly("a/a", "a/b", "a/b/x", "a/bc", "a/c");
    assertThat(scanKeys("a/z", null, 100)).isEmpty();
  }

  @Test
  void scanWithAnEmptyPrefixSeesEveryPlainValue() {
    putAll(List.of("z", "a", "m/n"));
    assertThat(scanKeys("", null, 100)).containsExactly("a", "m/n", "z");
  }

  @Test
  void scanStartsStrictlyAfterTheGivenKey() {
    putAll(List.of("k/1", "k/2", "k/3", "k/4", "j/9", "l/0"));

    assertThat(scanKeys("k/", "k/2", 100)).containsExactly("k/3", "k/4");
    assertThat(scanKeys("k/", "k/2a", 100)).as("startAfter need not exist").containsExactly("k/3", "k/4");
    assertThat(scanKeys("k/", "a", 100)).as("startAfter before the prefix").containsExactly("k/1", "k/2", "k/3", "k/4");
    assertThat(scanKeys("k/", "k/4", 100)).isEmpty();
    assertThat(scanKeys("k/", "z", 100)).as("startAfter after the prefix").isEmpty();
  }

  @Test
  void scanReturnsAtMostTheLimitAndPagesThroughEverything() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      keys.add(String.format("page/%03d", i));
    }
    putAll(keys);

    assertThat(scanKeys("page/", null, 0)).isEmpty();
    assertThat(scanKeys("page/", null, 1)).containsExactly("page/000");

    List<String> seen = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 100; pages++) {
      List<String> page = scanKeys("page/", after, 7);
      assertThat(page.size()).isLessThanOrEqualTo(7);
      if (page.isEmpty()) {
        break;
      }
      seen.addAll(page);
      after = page.getLast();
    }
    assertThat(seen).containsExactlyElementsOf(keys);
  }

  @Test
  void keysAreOrderedByCodePoint() {
    // UTF-16 order would put the emoji (a surrogate pair) before U+FFFD; code point order does not.
    putAll(List.of("u/\uFFFD", "u/😀", "u/z", "u/é", "u/\uE000"));
    assertThat(scanKeys("u/", null, 100)).containsExactly("u/z", "u/é", "u/\uE000", "u/\uFFFD", "u/😀");
  }

  @Test
  void prefixesEndingInTheHighestCodePointsKeepTheirBoundaries() {
    String maxCodePoint = new String(Character.toChars(Character.MAX_CODE_POINT));
    List<String> inside =
        List.of("x\uD7FF", "x\uD7FFa", "x\uFFFF", "x\uFFFF/z", "x" + maxCodePoint, "x" + maxCodePoint + "q");
    putAll(inside);
    putAll(List.of("x\uE000", "x\uD7FE\uFFFF", "x\uD800\uDC00", "y"));

    assertThat(scanKeys("x\uD7FF", null, 100)).containsExactly("x\uD7FF", "x\uD7FFa");
    assertThat(scanKeys("x\uFFFF", null, 100)).containsExactly("x\uFFFF", "x\uFFFF/z");
    assertThat(scanKeys("x" + maxCodePoint, null, 100))
        .containsExactly("x" + maxCodePoint, "x" + maxCodePoint + "q");
    assertThat(store().deletePrefix("x" + maxCodePoint)).isEqualTo(2);
    assertThat(store().deletePrefix("x\uD7FF")).isEqualTo(2);
    assertThat(store().get("x\uE000")).isPresent();
    assertThat(store().get("x\uD800\uDC00")).isPresent();
    assertThat(store().get("y")).isPresent();
  }

  @Test
  void deletePrefixRemovesPlainValuesUnderThePrefixAndNothingElse() {
    putAll(List.of("a", "a/a", "a/b", "a/b/x", "a/bc", "a/c", "a0", "b"));

    assertThat(store().deletePrefix("a/b")).isEqualTo(3);

    assertThat(store().get("a/b")).isEmpty();
    assertThat(store().get("a/b/x")).isEmpty();
    assertThat(store().get("a/bc")).isEmpty();
    assertThat(scanKeys("", null, 100)).containsExactly("a", "a/a", "a/c", "a0", "b");
  }

  @Test
  void deletePrefixRespectsTheSeparatorBoundary() {
    putAll(List.of("run1", "run1/x", "run1/y/z", "run10/x", "run2/x", "run0"));

    assertThat(store().deletePrefix("run1/")).isEqualTo(2);

    assertThat(scanKeys("run", null, 100)).containsExactly("run0", "run1", "run10/x", "run2/x");
    assertThat(store().deletePrefix("run1/")).isZero();
    assertThat(store().putIfAbsent("run1/x", bytes("again"))).isTrue();
    assertThat(store().get("run1/x").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void deletePrefixWithAnEmptyPrefixRemovesEverything() {
    putAll(List.of("a", "b/c"));
    store().incrementAndGet("n", 1);
    assertThat(store().deletePrefix("")).isEqualTo(3);
    assertThat(scanKeys("", null, 100)).isEmpty();
    assertThat(store().incrementAndGet("n", 1)).isEqualTo(1);
  }
}
