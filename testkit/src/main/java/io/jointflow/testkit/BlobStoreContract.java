package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.BlobStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlobStore} implementation passes: subclass it and return a fresh, empty
 * store from {@link #newStore()}; stores that persist also override {@link #reopen}.
 *
 * <p>Checked: {@code putIfAbsent} stores once and later calls change nothing; of racing writers of
 * one key exactly one wins and concurrent readers only ever see the winner's complete bytes; {@code
 * get} returns a read-only buffer over the whole blob and a missing key is empty; the caller's
 * buffer keeps its position and only its remaining bytes are stored; empty and 8 MB blobs and
 * Unicode keys round-trip; {@code deletePrefix} removes exactly the keys that start with the prefix
 * (string prefix: {@code a/b} matches {@code a/bc}, {@code run1/} does not match {@code run10/x}).
 * The suite never stores both a key and a key below it ({@code x} and {@code x/y}), which
 * filesystem-like stores may refuse.
 */
public abstract class BlobStoreContract {
  private static final int MB = 1 << 20;
  private BlobStore store;

  /** For subclasses. */
  protected BlobStoreContract() {}

  /**
   * A new, empty store; called before every test and closed after it.
   *
   * @return the store under test
   */
  protected abstract BlobStore newStore();

  /**
   * Closes {@code store} and opens the same storage again. Stores that persist MUST override it;
   * the default returns {@code store} unchanged.
   *
   * @param store the open store
   * @return a store over the same data
   */
  protected BlobStore reopen(BlobStore store) {
    return store;
  }

  /** The store under test. */
  protected final BlobStore store() {
    return store;
  }

  @BeforeEach
  final void openStore() {
    store = newStore();
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private static ByteBuffer buffer(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] contents(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private String read(String key) {
    return new String(contents(store.get(key).orElseThrow()), StandardCharsets.UTF_8);
  }

  @Test
  void aMissingKeyIsEmpty() {
    assertThat(store.get("missing/key")).isEmpty();
  }

  @Test
  void putIfAbsentStoresOnceAndKeepsTheFirstBlob() {
    assertThat(store.putIfAbsent("run/obj", buffer("first"))).isTrue();
    assertThat(store.putIfAbsent("run/obj", buffer("second, longer"))).isFalse();
    assertThat(read("run/obj")).isEqualTo("first");
  }

  @Test
  void getReturnsAReadOnlyBufferOverTheWholeBlob() {
    store.putIfAbsent("k", buffer("hello"));

    ByteBuffer got = store.get("k").orElseThrow();
    assertThat(got.isReadOnly()).isTrue();
    assertThat(got.position()).isZero();
    assertThat(got.remaining()).isEqualTo(5);
    got.get(new byte[5]);
    assertThat(read("k")).as("reading one buffer does not consume another").isEqualTo("hello");
  }

  @Test
  void putStoresTheRemainingBytesAndLeavesTheCallersBufferAlone() {
    ByteBuffer heap = buffer("0123456789");
    heap.position(3).limit(8);
    ByteBuffer direct = ByteBuffer.allocateDirect(4).put(new byte[] {9, 0, 8, 0}).flip();
    ByteBuffer readOnly = buffer("read-only").asReadOnlyBuffer();

    store.putIfAbsent("heap", heap);
    store.putIfAbsent("direct", direct);
    store.putIfAbsent("read-only", readOnly);

    assertThat(heap.position()).isEqualTo(3);
    assertThat(heap.limit()).isEqualTo(8);
    assertThat(direct.position()).isZero();
    assertThat(readOnly.position()).isZero();
    assertThat(read("heap")).isEqualTo("34567");
    assertThat(contents(store.get("direct").orElseThrow())).containsExactly(9, 0, 8, 0);
    assertThat(read("read-only")).isEqualTo("read-only");
  }

  @Test
  void storesEmptyBlobs() {
    assertThat(store.putIfAbsent("empty", ByteBuffer.allocate(0))).isTrue();
    assertThat(store.get("empty")).hasValueSatisfying(b -> assertThat(b.remaining()).isZero());
    assertThat(store.putIfAbsent("empty", buffer("not empty"))).isFalse();
  }

  @Test
  void storesEightMegabyteBlobs() {
    byte[] big = new byte[8 * MB + 1];
    new Random(8).nextBytes(big);
    assertThat(store.putIfAbsent("big/blob", ByteBuffer.wrap(big))).isTrue();
    assertThat(contents(store.get("big/blob").orElseThrow())).isEqualTo(big);
  }

  @Test
  void nestedAndUnicodeKeysAreDistinct() {
    List<String> keys = List.of("r/b/o", "r/b/o2", "r/bücket/объект-🔑", "r/b/e\u0301", "r/b/é", "r/b/sp ace");
    for (String key : keys) {
      assertThat(store.putIfAbsent(key, buffer("v:" + key))).as(key).isTrue();
    }
    for (String key : keys) {
      assertThat(read(key)).isEqualTo("v:" + key);
    }
  }

  /**
   * Of racing writers of one key exactly one is told it stored, and concurrent readers see only its
   * whole blob. A store that is atomic only on its production server (S3's {@code If-None-Match})
   * and is tested against a stand-in that is not, overrides this with a test that states and checks
   * what the stand-in does instead; it never drops the rule silently.
   */
  @Test
  protected void ofRacingWritersOneWinsAndReadersSeeOnlyItsWholeBlob() {
    // Many writers of a middling blob, then few writers of a large one: a store that publishes
    // a blob before it is complete is most likely caught while a large blob is being written.
    raceOneKey("race/many", 16, 4, MB / 4);
    raceOneKey("race/large", 2, 4, 16 * MB);
  }

  private void raceOneKey(String key, int writers, int readers, int size) {
    AtomicInteger writersLeft = new AtomicInteger(writers);
    List<List<Integer>> outcomes =
        Race.run(
            writers + readers,
            t -> {
              List<Integer> seen = new ArrayList<>();
              if (t < writers) {
                byte[] fill = new byte[size];
                Arrays.fill(fill, (byte) t);
                seen.add(store.putIfAbsent(key, ByteBuffer.wrap(fill)) ? t : -1);
                writersLeft.decrementAndGet();
                return seen;
              }
              // Readers poll until every writer has returned, recording the fill byte of each blob seen.
              boolean last = false;
              while (!last) {
                last = writersLeft.get() == 0;
                store.get(key).ifPresent(b -> seen.add(uniformFill(b, size)));
              }
              return seen;
            });

    List<Integer> winners = outcomes.subList(0, writers).stream().map(List::getFirst).filter(w -> w >= 0).toList();
    assertThat(winners).as("writers told they stored %s", key).hasSize(1);
    int winner = winners.getFirst();
    assertThat(uniformFill(store.get(key).orElseThrow(), size)).isEqualTo(winner);
    for (List<Integer> seen : outcomes.subList(writers, writers + readers)) {
      assertThat(seen).as("fill bytes seen by a reader (-2: partial or mixed)").isNotEmpty().containsOnly(winner);
    }
  }

  /** The byte a blob is filled with, or -2 if it is partial or mixed. */
  private static int uniformFill(ByteBuffer b, int size) {
    byte[] bytes = contents(b);
    if (bytes.length != size) {
      return -2;
    }
    for (byte x : bytes) {
      if (x != bytes[0]) {
        return -2;
      }
    }
    return bytes[0];
  }

  @Test
  void deletePrefixRemovesExactlyTheKeysStartingWithIt() {
    List<String> keys = List.of("a/a", "a/b", "a/bc", "a/b2/x/y", "a/c", "a0/b", "run1/x", "run1/y/z", "run10/x");
    keys.forEach(k -> store.putIfAbsent(k, buffer(k)));

    assertThat(store.deletePrefix("a/b")).isEqualTo(3);
    assertThat(store.deletePrefix("run1/")).isEqualTo(2);
    assertThat(store.deletePrefix("nothing/")).isZero();

    List<String> left = keys.stream().filter(k -> store.get(k).isPresent()).toList();
    assertThat(left).containsExactly("a/a", "a/c", "a0/b", "run10/x");
    assertThat(read("run10/x")).isEqualTo("run10/x");
  }

  @Test
  void aDeletedKeyCanBeStoredAgain() {
    store.putIfAbsent("run7/obj", buffer("old"));
    assertThat(store.deletePrefix("run7/")).isEqualTo(1);
    assertThat(store.get("run7/obj")).isEmpty();
    assertThat(store.putIfAbsent("run7/obj", buffer("new"))).isTrue();
    assertThat(read("run7/obj")).isEqualTo("new");
  }

  @Test
  void deletePrefixWithAnEmptyPrefixRemovesEverything() {
    IntStream.range(0, 5).forEach(i -> store.putIfAbsent("r" + i + "/o", buffer("x")));
    assertThat(store.deletePrefix("")).isEqualTo(5);
    assertThat(store.get("r0/o")).isEmpty();
  }

  @Test
  void blobsAndDeletionsSurviveReopening() {
    byte[] big = new byte[3 * MB];
    new Random(3).nextBytes(big);
    store.putIfAbsent("keep/big", ByteBuffer.wrap(big));
    store.putIfAbsent("keep/small", buffer("small"));
    store.putIfAbsent("drop/x", buffer("x"));
    store.deletePrefix("drop/");

    store = reopen(store);

    assertThat(contents(store.get("keep/big").orElseThrow())).isEqualTo(big);
    assertThat(read("keep/small")).isEqualTo("small");
    assertThat(store.get("drop/x")).isEmpty();
    assertThat(store.putIfAbsent("keep/small", buffer("other"))).isFalse();
  }
}
