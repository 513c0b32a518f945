package io.jointflow.bench;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A state store that counts the calls the runtime makes, by operation and kind of key (output
 * checkpoint, pending record, trigger set, ...), with the time each took, and delegates everything
 * (the native operations included) to the wrapped store. Costs two {@code nanoTime} calls and two
 * adder increments per call, negligible next to a SQLite read or commit.
 */
final class CountingStateStore implements StateStore {
  private final StateStore delegate;
  private final Map<String, LongAdder[]> stats = new ConcurrentHashMap<>();

  CountingStateStore(StateStore delegate) {
    this.delegate = delegate;
  }

  /** Calls and time of one operation on one kind of key. */
  record OpStats(long calls, long nanos) {}

  /** "kind of key" for the report, from the runtime's key layout (core's Keys). */
  static String kind(String key) {
    if (key.startsWith("pending/")) {
      return "pending";
    }
    if (key.startsWith("runs/")) {
      return "run record";
    }
    if (key.startsWith("hosts/")) {
      return "host lease";
    }
    if (key.startsWith("timers/")) {
      return "timer";
    }
    if (key.startsWith("gc/")) {
      return "collection index";
    }
    if (key.startsWith("bench/")) {
      return "bench";
    }
    if (key.startsWith("g/")) {
      return "global trigger set";
    }
    if (key.startsWith("r/")) {
      String[] p = key.split("/", 5);
      return p.length < 4 || p[3].isEmpty() ? "run data" : switch (p[3]) {
        case "out" -> "output checkpoint";
        case "fires" -> "max-fires set";
        case "t" -> "trigger set";
        default -> p[3];
      };
    }
    return "other";
  }

  /** A copy of the counters, by "operation kind". */
  Map<String, OpStats> snapshot() {
    Map<String, OpStats> out = new TreeMap<>();
    stats.forEach((k, v) -> out.put(k, new OpStats(v[0].sum(), v[1].sum())));
    return out;
  }

  /** {@code after - before}, per operation, without the ones that did not happen. */
  static Map<String, OpStats> diff(Map<String, OpStats> before, Map<String, OpStats> after) {
    Map<String, OpStats> out = new TreeMap<>();
    after.forEach((k, a) -> {
      OpStats b = before.getOrDefault(k, new OpStats(0, 0));
      if (a.calls() > b.calls()) {
        out.put(k, new OpStats(a.calls() - b.calls(), a.nanos() - b.nanos()));
      }
    });
    return out;
  }

  private static final java.util.Set<String> WRITES = java.util.Set.of("putIfAbsent", "compareAndSet", "delete",
      "deletePrefix", "addToSet", "increment", "append", "removeFromSet");

  /**
   * Writes in {@code ops}: {@code [0]} state operations that write (each operation of a batch
   * counted), {@code [1]} write calls to the store (a batch is one call: one round trip).
   */
  static long[] writes(Map<String, OpStats> ops) {
    long operations = 0;
    long calls = 0;
    for (var e : ops.entrySet()) {
      String[] words = e.getKey().split(" ");
      if (words[0].equals("batch")) {
        operations += words[1].equals("requireAbsent") ? 0 : e.getValue().calls();
      } else if (words[0].equals("writeBatch")) {
        calls += e.getValue().calls();
      } else if (WRITES.contains(words[0])) {
        operations += e.getValue().calls();
        calls += e.getValue().calls();
      }
    }
    return new long[] {operations, calls};
  }

  /** "putIfAbsent output checkpoint 1.00 (mean 180 us)", per unit of work. */
  static String describe(Map<String, OpStats> ops, double units, String unit) {
    StringBuilder sb = new StringBuilder();
    ops.forEach((k, s) -> {
      if (s.calls() / units < 0.005) {
        return; // run-level or background calls (run record, host lease), not per unit
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(k).append(String.format(" %.2f/%s (mean %.0f us)", s.calls() / units, unit,
          s.nanos() / 1e3 / s.calls()));
    });
    return sb.toString();
  }

  /**
   * Counts a batch once as {@code writeBatch}, and each of its operations as {@code batch OP KIND}
   * (calls only: the batch's time is the batch's).
   */
  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    for (WriteOp op : ops) {
      String name = switch (op) {
        case WriteOp.PutIfAbsent p -> "putIfAbsent";
        case WriteOp.RequireAbsent r -> "requireAbsent";
        case WriteOp.CompareAndSet c -> "compareAndSet";
        case WriteOp.Delete d -> "delete";
        case WriteOp.AddToSet a -> "addToSet";
        case WriteOp.RemoveFromSet r -> "removeFromSet";
        case WriteOp.Increment n -> "increment";
      };
      stats.computeIfAbsent("batch " + name + " " + kind(op.key()), x -> new LongAdder[] {new LongAdder(), new LongAdder()})[0]
          .increment();
    }
    return count("writeBatch", null, () -> delegate.writeBatch(ops));
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    count("removeFromSet", key, () -> {
      delegate.removeFromSet(key, members);
      return null;
    });
  }

  private <T> T count(String op, String key, Supplier<T> call) {
    long t0 = System.nanoTime();
    try {
      return call.get();
    } finally {
      long t = System.nanoTime() - t0;
      LongAdder[] a = stats.computeIfAbsent(key == null ? op : op + " " + kind(key), x -> new LongAdder[] {new LongAdder(), new LongAdder()});
      a[0].increment();
      a[1].add(t);
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<Versioned> get(String key) {
    return count("get", key, () -> delegate.get(key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return count("putIfAbsent", key, () -> delegate.putIfAbsent(key, value));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return count("compareAndSet", key, () -> delegate.compareAndSet(key, expectedVersion, value));
  }

  @Override
  public void delete(String key) {
    count("delete", key, () -> {
      delegate.delete(key);
      return null;
    });
  }

  @Override
  public long deletePrefix(String prefix) {
    return count("deletePrefix", prefix, () -> delegate.deletePrefix(prefix));
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    return count("scan", prefix, () -> delegate.scan(prefix, startAfter, limit));
  }

  @Override
  public io.jointflow.spi.SetBatch addToSetAndReadBatch(String key, String member, byte[] value, int size) {
    return count("addToSet", key, () -> delegate.addToSetAndReadBatch(key, member, value, size));
  }

  @Override
  public io.jointflow.spi.SetJoin addToSetAndJoin(String key, String member, byte[] value, String widthKey, long width) {
    return count("addToSet", key, () -> delegate.addToSetAndJoin(key, member, value, widthKey, width));
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    return count("addToSet", key, () -> delegate.addToSetAndGet(key, member, value));
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    return count("members", key, () -> delegate.members(key, fromPosition, limit));
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    return count("increment", key, () -> delegate.incrementAndGet(key, delta));
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    return count("append", key, () -> delegate.appendAndGet(key, items));
  }

  /** Leaves the wrapped store open: its owner closes it. */
  @Override
  public void close() {}
}
