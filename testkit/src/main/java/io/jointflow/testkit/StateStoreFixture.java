package io.jointflow.testkit;

import io.jointflow.spi.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lifecycle shared by the parts of {@link StateStoreContract}: a fresh store per test, closed
 * afterwards, and the optional reopen hook. Subclass {@link StateStoreContract}, not this class.
 */
abstract class StateStoreFixture {
  private StateStore store;

  /**
   * A new, empty store. Called once before every test; the suite closes it after the test.
   *
   * @return the store under test
   */
  protected abstract StateStore newStore();

  /**
   * Closes {@code store} and opens the same storage again, so that the suite can check that writes
   * are durable. Stores that persist MUST override this; the default returns {@code store}
   * unchanged, which suits stores that keep nothing beyond their instance.
   *
   * @param store the open store, as returned by {@link #newStore()} or an earlier reopen
   * @return a store over the same data
   */
  protected StateStore reopen(StateStore store) {
    return store;
  }

  /** The store under test (after {@link #reopenStore()}, the reopened one). */
  protected final StateStore store() {
    return store;
  }

  /** Replaces the store under test by {@link #reopen reopening} it. */
  protected final void reopenStore() {
    store = reopen(store);
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

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
