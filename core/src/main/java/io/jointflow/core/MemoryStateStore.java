package io.jointflow.core;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;

/**
 * A {@link StateStore} in the memory of one process (configuration name {@code memory}), for
 * ephemeral mode, tests and benchmarks. It promises nothing across processes or restarts.
 *
 * <p>Plain values live in a concurrent skip list (lock free; compare-and-set is a conditional
 * replace); sets, counters and lists are native structures under their own keys, each guarded by
 * its own monitor (counters are lock free), so operations on different keys never contend; they
 * share a read lock that an atomic batch takes exclusively. Keys are
 * ordered by Unicode code point, as the contract requires. Values given to the store are copied;
 * values returned are the stored arrays, which callers must not modify.
 */
public final class MemoryStateStore implements StateStore {
  /**
   * Key order by Unicode code point (the order of UTF-8 bytes, as in SQLite). {@link
   * String#compareTo} compares UTF-16 units, which puts surrogate pairs (code points above U+FFFF)
   * before U+E000..U+FFFF; this comparator lifts surrogates above that range without decoding.
   */
  static final Comparator<String> CODE_POINT_ORDER = MemoryStateStore::compareCodePoints;

  private final ConcurrentSkipListMap<String, Versioned> values = new ConcurrentSkipListMap<>(CODE_POINT_ORDER);
  private final ConcurrentSkipListMap<String, MemberSet> sets = new ConcurrentSkipListMap<>(CODE_POINT_ORDER);
  private final ConcurrentSkipListMap<String, AtomicLong> counters = new ConcurrentSkipListMap<>(CODE_POINT_ORDER);
  private final ConcurrentSkipListMap<String, ItemList> lists = new ConcurrentSkipListMap<>(CODE_POINT_ORDER);
  /**
   * Single operations share it (they stay concurrent: the maps are concurrent); a batch holds it
   * exclusively, so no reader sees part of a batch and batch conditions are checked and applied
   * without interference.
   */
  private final StampedLock lock = new StampedLock();
  private volatile boolean closed;
  /** The most operations one batch may hold. */
  private static final int MAX_BATCH = 10_000;

  private MemoryStateStore() {}

  /** A new, empty store. */
  public static MemoryStateStore create() {
    return new MemoryStateStore();
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Optional<Versioned> get(String key) {
    long stamp = open(key);
    try {
      return Optional.ofNullable(values.get(key));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    long stamp = open(key);
    try {
      return values.putIfAbsent(key, new Versioned(copy(value), 1)) == null;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("state key '" + key + "' expected version is negative: " + expectedVersion);
    }
    if (expectedVersion == 0) {
      return putIfAbsent(key, value);
    }
    long stamp = open(key);
    try {
      Versioned next = new Versioned(copy(value), expectedVersion + 1);
      while (true) {
        Versioned current = values.get(key);
        if (current == null || current.version() != expectedVersion) {
          return false;
        }
        // replace() fails only if another writer got in between; its write changed the version or
        // deleted the key, so looking again decides the outcome.
        if (values.replace(key, current, next)) {
          return true;
        }
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void delete(String key) {
    long stamp = open(key);
    try {
      values.remove(key);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public long deletePrefix(String prefix) {
    long stamp = open(prefix);
    try {
      return removePrefix(values, prefix) + removePrefix(sets, prefix) + removePrefix(counters, prefix)
          + removePrefix(lists, prefix);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private static long removePrefix(ConcurrentSkipListMap<String, ?> map, String prefix) {
    long removed = 0;
    for (String key : map.tailMap(prefix, true).keySet()) {
      if (!key.startsWith(prefix)) {
        break;
      }
      if (map.remove(key) != null) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("scan of prefix '" + prefix + "' has a negative limit: " + limit);
    }
    long stamp = open(prefix);
    try {
      NavigableMap<String, Versioned> from =
          startAfter != null && CODE_POINT_ORDER.compare(startAfter, prefix) >= 0
              ? values.tailMap(startAfter, false)
              : values.tailMap(prefix, true);
      List<Entry> out = new ArrayList<>(Math.min(limit, 64));
      for (Map.Entry<String, Versioned> e : from.entrySet()) {
        if (out.size() >= limit || !e.getKey().startsWith(prefix)) {
          break;
        }
        out.add(new Entry(e.getKey(), e.getValue()));
      }
      return out;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  // The collections below may be removed by deletePrefix while another thread still works on the
  // instance it looked up. That operation then linearizes just before the removal: it started
  // earlier, and an operation that starts after the removal finds (or creates) a new instance.

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    Objects.requireNonNull(member, "member");
    long stamp = open(key);
    try {
      return sets.computeIfAbsent(key, k -> new MemberSet()).add(member, value);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    long stamp = open(key);
    try {
      MemberSet set = sets.get(key);
      return set == null ? List.of() : set.range(fromPosition, limit);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    long stamp = open(key);
    try {
      MemberSet set = sets.get(key);
      if (set != null) {
        set.remove(members);
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    long stamp = open(key);
    try {
      return counters.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    List<String> copy = List.copyOf(items);
    long stamp = open(key);
    try {
      if (copy.isEmpty()) {
        ItemList list = lists.get(key);
        return list == null ? List.of() : list.append(copy);
      }
      return lists.computeIfAbsent(key, k -> new ItemList()).append(copy);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** Checks every condition, then applies every operation, holding the lock that single operations share. */
  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    List<WriteOp> batch = WriteOp.checkBatch(ops, MAX_BATCH);
    if (closed) {
      throw closedException(batch.isEmpty() ? "" : batch.get(0).key());
    }
    if (batch.size() == 1 && batch.get(0) instanceof WriteOp.Increment n) {
      // A bounded counter alone (an ephemeral step's max-fires check) needs no exclusive lock: a
      // compare-and-set loop under the shared lock is atomic against batches, which hold it exclusively.
      long stamp = open(n.key());
      try {
        AtomicLong c = counters.computeIfAbsent(n.key(), k -> new AtomicLong());
        while (true) {
          long cur = c.get();
          if (cur + n.delta() > n.max()) {
            return BatchOutcome.failedAt(0);
          }
          if (c.compareAndSet(cur, cur + n.delta())) {
            return BatchOutcome.COMMITTED;
          }
        }
      } finally {
        lock.unlockRead(stamp);
      }
    }
    long stamp = lock.writeLock();
    try {
      for (int i = 0; i < batch.size(); i++) {
        if (!holds(batch.get(i))) {
          return BatchOutcome.failedAt(i);
        }
      }
      batch.forEach(this::apply);
      return BatchOutcome.COMMITTED;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  private boolean holds(WriteOp op) {
    return switch (op) {
      case WriteOp.PutIfAbsent p -> !values.containsKey(p.key());
      case WriteOp.RequireAbsent r -> !values.containsKey(r.key());
      case WriteOp.CompareAndSet c -> c.expectedVersion() == 0
          ? !values.containsKey(c.key())
          : values.get(c.key()) != null && values.get(c.key()).version() == c.expectedVersion();
      case WriteOp.AddToSet a -> {
        MemberSet set = sets.get(a.key());
        yield set == null ? a.limit() > 0 : set.admits(a.member(), a.limit());
      }
      case WriteOp.Increment n -> {
        AtomicLong c = counters.get(n.key());
        yield (c == null ? 0 : c.get()) + n.delta() <= n.max();
      }
      case WriteOp.Delete d -> true;
      case WriteOp.RemoveFromSet r -> true;
    };
  }

  private void apply(WriteOp op) {
    switch (op) {
      case WriteOp.PutIfAbsent p -> values.put(p.key(), new Versioned(copy(p.value()), 1));
      case WriteOp.CompareAndSet c -> values.put(c.key(), new Versioned(copy(c.value()), c.expectedVersion() + 1));
      case WriteOp.AddToSet a -> sets.computeIfAbsent(a.key(), k -> new MemberSet()).add(a.member(), a.value());
      case WriteOp.Increment n -> counters.computeIfAbsent(n.key(), k -> new AtomicLong()).addAndGet(n.delta());
      case WriteOp.Delete d -> values.remove(d.key());
      case WriteOp.RequireAbsent r -> { }
      case WriteOp.RemoveFromSet r -> {
        MemberSet set = sets.get(r.key());
        if (set != null) {
          set.remove(r.members());
        }
      }
    }
  }

  /** Entries held: plain values, set members, counters and list items (a row count, for tests). */
  long size() {
    long n = values.size() + counters.size();
    for (MemberSet set : sets.values()) {
      n += set.size();
    }
    for (ItemList list : lists.values()) {
      n += list.size();
    }
    return n;
  }

  /** Marks the store closed; later calls throw {@link StoreException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  /** Checks the key and that the store is open, and takes the shared side of the batch lock. */
  private long open(String key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      throw closedException(key);
    }
    return lock.readLock();
  }

  private static StoreException closedException(String key) {
    return new StoreException("state store 'memory' is closed: cannot use key '" + key + "'", null, false);
  }

  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return liftSurrogates(x) - liftSurrogates(y);
      }
    }
    return a.length() - b.length();
  }

  private static int liftSurrogates(char c) {
    if (c < Character.MIN_SURROGATE) {
      return c;
    }
    return c > Character.MAX_SURROGATE ? c - 0x800 : c + 0x2000;
  }

  private static byte[] copy(byte[] value) {
    return Objects.requireNonNull(value, "value").clone();
  }

  /**
   * An ordered set: members by id for idempotency, and by position in a list of slots that starts
   * at position {@code base}; removed members leave empty slots, dropped from the front.
   */
  private static final class MemberSet {
    private final Map<String, SetMember> byId = new HashMap<>();
    private final List<SetMember> slots = new ArrayList<>();
    private long base;

    synchronized SetAdd add(String member, byte[] value) {
      SetMember present = byId.get(member);
      if (present != null) {
        return new SetAdd(present.position(), false);
      }
      SetMember added = new SetMember(base + slots.size(), member, copy(value));
      byId.put(member, added);
      slots.add(added);
      return new SetAdd(added.position(), true);
    }

    /** Whether adding {@code member} keeps its position below {@code limit} (a present member always does). */
    synchronized boolean admits(String member, long limit) {
      return byId.containsKey(member) || base + slots.size() < limit;
    }

    synchronized void remove(Collection<String> members) {
      for (String m : members) {
        SetMember gone = byId.remove(m);
        if (gone != null) {
          slots.set((int) (gone.position() - base), null);
        }
      }
      int empty = 0;
      while (empty < slots.size() && slots.get(empty) == null) {
        empty++;
      }
      if (empty > 0 && (empty == slots.size() || empty >= 64)) {
        slots.subList(0, empty).clear();
        base += empty;
      }
    }

    synchronized int size() {
      return byId.size();
    }

    synchronized List<SetMember> range(long fromPosition, int limit) {
      List<SetMember> out = new ArrayList<>();
      for (long i = Math.max(fromPosition - base, 0); i < slots.size() && out.size() < limit; i++) {
        SetMember m = slots.get((int) i);
        if (m != null) {
          out.add(m);
        }
      }
      return out;
    }
  }

  /** An append-only list of strings. */
  private static final class ItemList {
    private final List<String> items = new ArrayList<>();

    synchronized int size() {
      return items.size();
    }

    synchronized List<String> append(List<String> more) {
      items.addAll(more);
      return List.copyOf(items);
    }
  }
}
