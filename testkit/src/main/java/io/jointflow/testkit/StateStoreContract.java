package io.jointflow.testkit;

/**
 * The contract every {@link io.jointflow.spi.StateStore} implementation passes: subclass it in the
 * implementation's tests and return a fresh, empty store from {@link #newStore()}.
 *
 * <pre>{@code
 * class SqliteStateStoreTest extends StateStoreContract {
 *   @TempDir Path dir;
 *   protected StateStore newStore() { return SqliteStateStore.open(dir.resolve("state.db")); }
 *   protected StateStore reopen(StateStore s) { s.close(); return SqliteStateStore.open(dir.resolve("state.db")); }
 * }
 * }</pre>
 *
 * <p>Every rule of the {@code StateStore} Javadoc is checked: values are created at version 1 and
 * gain one per compare-and-set, {@code expectedVersion == 0} creates only if absent, deletes and
 * prefix deletes remove exactly the keys under the prefix (plain values, sets, counters and lists),
 * scans are ordered, bounded by the prefix, start after {@code startAfter} and honour the limit, the
 * atomic helpers are idempotent and linearizable, binary values up to a megabyte and Unicode keys
 * round-trip, and under 16 to 32 racing threads exactly one {@code putIfAbsent} or compare-and-set
 * wins, no increment is lost, and set positions are exactly {@code 0..n-1} with one adder per member.
 * Atomic batches apply every operation or none (the failed condition named, for each kind of
 * condition), of conflicting concurrent batches exactly one commits, readers never see half a
 * batch, and removed set positions are never reused, also after reopening.
 *
 * <p>Where the interface leaves a choice open, the suite fixes it: keys are ordered by Unicode code
 * point (the order of their UTF-8 bytes, not Java's UTF-16 {@code compareTo}), an empty prefix
 * matches every key, a store keeps a copy of the value it is given, and {@code deletePrefix} counts a
 * set, counter or list as one key. Stores that persist override {@link #reopen} so that the suite
 * also checks that every kind of write survives closing and reopening.
 *
 * <p>The rules live in package-private superclasses, one file per concern; their tests are
 * inherited by every subclass. Tests assert counts and outcomes, never timing.
 */
public abstract class StateStoreContract extends StateStoreBatchRules {
  /** For subclasses. */
  protected StateStoreContract() {}
}
