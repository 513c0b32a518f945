package io.jointflow.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strongly consistent key-value store holding checkpoints, trigger state and pending records.
 *
 * <p>Contract (every implementation passes {@code StateStoreContract} in the testkit):
 *
 * <ul>
 *   <li>Reads MUST see every write that completed before they started, from any thread or process
 *       sharing the store (linearizable single-key operations).
 *   <li>A write MUST be durable when it returns, to the degree the implementation promises (the
 *       memory store promises nothing across processes).
 *   <li>{@link #putIfAbsent} and {@link #compareAndSet} MUST be atomic: of concurrent callers
 *       exactly one succeeds.
 *   <li>The atomic helpers ({@link #addToSetAndGet}, {@link #incrementAndGet}, {@link
 *       #appendAndGet}) MUST be atomic and linearizable with each other on the same key. Their
 *       defaults use compare-and-set; implementations override them with native operations.
 *   <li>{@link #deletePrefix} MUST remove plain values, sets, counters and lists under the prefix.
 *   <li>Set positions are never reused: after members are removed ({@link #removeFromSet}), a new
 *       member gets a position after every position the set ever assigned.
 *   <li>{@link #writeBatch} MUST be atomic: all of a batch's operations take effect or none does, and
 *       no reader sees some of them without the others. Of concurrent batches whose conditions
 *       conflict, exactly one commits. A batch that returned is as durable as a single write.
 *   <li>Failures throw {@link StoreException}; whether a failed write took effect is unknown unless
 *       the exception is not retryable and says otherwise. All methods are thread safe.
 * </ul>
 */
public interface StateStore extends AutoCloseable {

  /** The implementation's configuration name, e.g. {@code sqlite}. */
  String name();

  /** The value and version under {@code key}, if any. */
  Optional<Versioned> get(String key);

  /**
   * Creates {@code key} with {@code value} (version 1) unless it exists.
   *
   * @return true if this call created it
   */
  boolean putIfAbsent(String key, byte[] value);

  /**
   * Replaces the value if the current version is {@code expectedVersion}; with {@code
   * expectedVersion == 0}, creates the key if absent.
   *
   * @return true if this call wrote the value
   */
  boolean compareAndSet(String key, long expectedVersion, byte[] value);

  /** Removes a plain value; absent keys are ignored. */
  void delete(String key);

  /**
   * Removes every key (plain values, sets, counters, lists) starting with {@code prefix}.
   *
   * @return how many keys were removed
   */
  long deletePrefix(String prefix);

  /**
   * Plain values whose keys start with {@code prefix}, in key order, after {@code startAfter}
   * (exclusive; {@code null} to start at the beginning), at most {@code limit}. Keys used for sets,
   * counters and lists MAY appear; callers scan only prefixes they use for plain values.
   */
  List<Entry> scan(String prefix, String startAfter, int limit);

  /**
   * Adds {@code member} (with {@code value}) to the ordered set {@code key} unless present, and
   * returns its position. Idempotent: adding a present member changes nothing and returns its
   * original position with {@code added == false}. Positions are 0, 1, 2, ... in insertion order,
   * so exactly one caller observes any given position being assigned.
   */
  default SetAdd addToSetAndGet(String key, String member, byte[] value) {
    while (true) {
      Optional<Versioned> cur = get(key);
      Encodings.EncodedSet set = cur.map(v -> Encodings.decodeSet(v.value())).orElse(Encodings.EncodedSet.EMPTY);
      for (SetMember m : set.members()) {
        if (m.member().equals(member)) {
          return new SetAdd(m.position(), false);
        }
      }
      List<SetMember> next = new ArrayList<>(set.members());
      next.add(new SetMember(set.next(), member, value));
      if (compareAndSet(key, cur.map(Versioned::version).orElse(0L),
          Encodings.encodeSet(new Encodings.EncodedSet(next, set.next() + 1)))) {
        return new SetAdd(set.next(), true);
      }
    }
  }

  /**
   * {@link #addToSetAndGet} and, when the member's position {@code p} completes a batch of {@code
   * size} ({@code p % size == size - 1}), the members at positions {@code p - size + 1} and later,
   * at most {@code size}, as {@link #members} reads them: a batch trigger's firing needs both, and
   * across clouds each store round trip costs a network delay. A store that can SHOULD answer both
   * in one round trip; the add and the read need not be one atomic step (positions are never
   * reused, so the batch's members stay where they are).
   *
   * @throws IllegalArgumentException if {@code size < 1}
   */
  default SetBatch addToSetAndReadBatch(String key, String member, byte[] value, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + size);
    }
    SetAdd a = addToSetAndGet(key, member, value);
    long p = a.position();
    return new SetBatch(a, p % size == size - 1 ? members(key, p - size + 1, size) : List.of());
  }

  /**
   * One arrival at a join whose width (how many members complete it, less one) is written under
   * {@code widthKey} as a decimal number by one of its arrivals: puts {@code width} there unless a
   * width is there already (when {@code width >= 0}; pass -1 to only read it), adds {@code member}
   * as {@link #addToSetAndGet} does, and reads the width; when the member's position equals the
   * width, also reads the set's members from position 0, at most {@code width + 1}, as {@link
   * #members} does. A fan-in needs all three, and across clouds each store round trip costs a
   * network delay: a store that can SHOULD answer in one round trip. The put of the width must be
   * durable before the add, so that the arrival that lands at the width's position sees it.
   *
   * @throws IllegalArgumentException if {@code width < -1}
   */
  default SetJoin addToSetAndJoin(String key, String member, byte[] value, String widthKey, long width) {
    if (width < -1) {
      throw new IllegalArgumentException("width must be >= 0, or -1 to read it: " + width);
    }
    if (width >= 0) {
      putIfAbsent(widthKey, Long.toString(width).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    SetAdd a = addToSetAndGet(key, member, value);
    long w = get(widthKey).map(v -> Long.parseLong(new String(v.value(), java.nio.charset.StandardCharsets.US_ASCII)))
        .orElse(-1L);
    boolean completes = w >= 0 && a.position() == w;
    return new SetJoin(a, w, completes ? members(key, 0, (int) Math.min(Integer.MAX_VALUE, w + 1)) : List.of());
  }

  /**
   * Members of set {@code key} at positions {@code fromPosition} and later, in order, at most {@code
   * limit} (removed members are skipped, so positions may have gaps).
   */
  default List<SetMember> members(String key, long fromPosition, int limit) {
    List<SetMember> all = get(key).map(v -> Encodings.decodeSet(v.value()).members()).orElse(List.of());
    List<SetMember> out = new ArrayList<>();
    for (SetMember m : all) {
      if (m.position() >= fromPosition && out.size() < limit) {
        out.add(m);
      }
    }
    return out;
  }

  /** Adds {@code delta} to the counter {@code key} (absent = 0) and returns the new value. */
  default long incrementAndGet(String key, long delta) {
    while (true) {
      Optional<Versioned> cur = get(key);
      long value = cur.map(v -> Encodings.decodeLong(v.value())).orElse(0L) + delta;
      if (compareAndSet(key, cur.map(Versioned::version).orElse(0L), Encodings.encodeLong(value))) {
        return value;
      }
    }
  }

  /** Appends {@code items} to the list {@code key} (absent = empty) and returns the whole list. */
  default List<String> appendAndGet(String key, List<String> items) {
    while (true) {
      Optional<Versioned> cur = get(key);
      List<String> list = new ArrayList<>(cur.map(v -> Encodings.decodeList(v.value())).orElse(List.of()));
      list.addAll(items);
      if (compareAndSet(key, cur.map(Versioned::version).orElse(0L), Encodings.encodeList(list))) {
        return list;
      }
    }
  }

  /**
   * Applies {@code ops} atomically: every operation takes effect, or, if the condition of one fails,
   * none does and the outcome names it. Reads never see part of a batch. This is how one
   * exactly-once step (its output checkpoint, its successors' invocation records, its bound
   * counters, its run-record change) costs one durable commit.
   *
   * <p>Rules: each key appears at most once in a batch ({@link IllegalArgumentException}
   * otherwise, before anything is written); at most {@link #maxBatchSize()} operations; an empty
   * batch commits and writes nothing. A {@link StoreException} means the batch may or may not have
   * taken effect (as for single writes), unless it is not retryable and says otherwise.
   *
   * <p>How stores implement it: SQLite and PostgreSQL run the operations in one transaction and
   * roll back on a failed condition (SQLite's writer commits the transaction inside its group
   * commit); DynamoDB maps the batch to one {@code TransactWriteItems} call (at most 100 items; a
   * {@code TransactionCanceledException}'s cancellation reasons name the failed condition; an
   * idempotent set add whose member exists is dropped from the batch and the call repeated);
   * Redis runs one Lua script (or {@code WATCH}/{@code MULTI}/{@code EXEC}) that checks every
   * condition before it writes anything; the memory store applies it under an exclusive lock.
   *
   * @return {@link BatchOutcome#COMMITTED}, or the index of the first operation whose condition failed
   */
  BatchOutcome writeBatch(List<WriteOp> ops);

  /** The most operations one {@link #writeBatch} takes; 100 unless the store says otherwise (DynamoDB's limit). */
  default int maxBatchSize() {
    return 100;
  }

  /**
   * Removes {@code members} from the set {@code key} (absent ones are ignored); the positions of
   * the others do not change and removed positions are not reused.
   */
  default void removeFromSet(String key, Collection<String> members) {
    Set<String> gone = new HashSet<>(members);
    while (true) {
      Optional<Versioned> cur = get(key);
      if (cur.isEmpty()) {
        return;
      }
      Encodings.EncodedSet set = Encodings.decodeSet(cur.get().value());
      List<SetMember> kept = new ArrayList<>();
      for (SetMember m : set.members()) {
        if (!gone.contains(m.member())) {
          kept.add(m);
        }
      }
      if (kept.size() == set.members().size()
          || compareAndSet(key, cur.get().version(), Encodings.encodeSet(new Encodings.EncodedSet(kept, set.next())))) {
        return;
      }
    }
  }

  /** Releases connections and threads; pending writes complete first. */
  @Override
  void close();
}
