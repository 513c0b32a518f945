package io.jointflow.core;

import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StateStore} in the memory of one process (configuration name {@code memory}), for
 * ephemeral mode, tests and benchmarks. It promises nothing across processes or restarts.
 *
 * <p>Plain values live in a concurrent skip list (lock free; compare-and-set is a conditional
 * replace); sets, counters and lists are native structures under their own keys, each guarded by
 * its own monitor (counters are lock free), so operations on different keys never contend. Keys are
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
  private volatile boolean closed;

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
    checkOpen(key);
    return Optional.ofNullable(values.get(key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    checkOpen(key);
    return values.putIfAbsent(key, new Versioned(copy(value), 1)) == null;
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("state key '" + key + "' expected version is negative: " + expectedVersion);
    }
    if (expectedVersion == 0) {
      return putIfAbsent(key, value);
    }
    checkOpen(key);
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
  }

  @Override
  public void delete(String key) {
    checkOpen(key);
    values.remove(key);
  }

  @Override
  public long deletePrefix(String prefix) {
    checkOpen(prefix);
    return removePrefix(values, prefix) + removePrefix(sets, prefix) + removePrefix(counters, prefix)
        + removePrefix(lists, prefix);
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
    checkOpen(prefix);
    if (limit < 0) {
      throw new IllegalArgumentException("scan of prefix '" + prefix + "' has a negative limit: " + limit);
    }
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
  }

  // The collections below may be removed by deletePrefix while another thread still works on the
  // instance it looked up. That operation then linearizes just before the removal: it started
  // earlier, and an operation that starts after the removal finds (or creates) a new instance.

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    checkOpen(key);
    Objects.requireNonNull(member, "member");
    return sets.computeIfAbsent(key, k -> new MemberSet()).add(member, value);
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    checkOpen(key);
    MemberSet set = sets.get(key);
    return set == null ? List.of() : set.range(fromPosition, limit);
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    checkOpen(key);
    return counters.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    checkOpen(key);
    List<String> copy = List.copyOf(items);
    if (copy.isEmpty()) {
      ItemList list = lists.get(key);
      return list == null ? List.of() : list.append(copy);
    }
    return lists.computeIfAbsent(key, k -> new ItemList()).append(copy);
  }

  /** Marks the store closed; later calls throw {@link StoreException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen(String key) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      throw new StoreException("state store 'memory' is closed: cannot use key '" + key + "'", null, false);
    }
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

  /** An ordered set: members by id for idempotency, and in insertion order for positions. */
  private static final class MemberSet {
    private final Map<String, SetMember> byId = new HashMap<>();
    private final List<SetMember> inOrder = new ArrayList<>();

    synchronized SetAdd add(String member, byte[] value) {
      SetMember present = byId.get(member);
      if (present != null) {
        return new SetAdd(present.position(), false);
      }
      SetMember added = new SetMember(inOrder.size(), member, copy(value));
      byId.put(member, added);
      inOrder.add(added);
      return new SetAdd(added.position(), true);
    }

    synchronized List<SetMember> range(long fromPosition, int limit) {
      int from = (int) Math.min(Math.max(fromPosition, 0), inOrder.size());
      int to = (int) Math.min((long) from + Math.max(limit, 0), inOrder.size());
      return List.copyOf(inOrder.subList(from, to));
    }
  }

  /** An append-only list of strings. */
  private static final class ItemList {
    private final List<String> items = new ArrayList<>();

    synchronized List<String> append(List<String> more) {
      items.addAll(more);
      return List.copyOf(items);
    }
  }
}
