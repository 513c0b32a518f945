package io.jointflow.core;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetBatch;
import io.jointflow.spi.SetJoin;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A state store that passes every call to a real one through {@link #intercept}, which a
 * decorator (emulated network, meters) fills in. The real store is closed by its owner.
 */
abstract class InterceptedStateStore implements StateStore {
  /** A store call as decorators see it: its name in messages, and whether it reads or writes. */
  enum Call {
    GET("get", true), PUT("put", false), COMPARE_AND_SET("compare-and-set", false), DELETE("delete", false),
    DELETE_PREFIX("delete prefix", false), SCAN("scan", true), SET_ADD("set add", false), SET_READ("set read", true),
    SET_REMOVE("set remove", false), INCREMENT("increment", false), APPEND("append", false), BATCH("batch", false);

    final String label;
    final boolean read;

    Call(String label, boolean read) {
      this.label = label;
      this.read = read;
    }
  }

  final StateStore delegate;

  InterceptedStateStore(StateStore delegate) {
    this.delegate = delegate;
  }

  /**
   * Runs {@code body}, the call on the real store.
   *
   * @param key the key or prefix it is about (a batch: its first operation's key, or null)
   * @param bytes the value bytes it sends
   */
  abstract <T> T intercept(Call call, String key, long bytes, Supplier<T> body);

  private static long size(byte[] value) {
    return value == null ? 0 : value.length;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<Versioned> get(String key) {
    return intercept(Call.GET, key, 0, () -> delegate.get(key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return intercept(Call.PUT, key, size(value), () -> delegate.putIfAbsent(key, value));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return intercept(Call.COMPARE_AND_SET, key, size(value), () -> delegate.compareAndSet(key, expectedVersion, value));
  }

  @Override
  public void delete(String key) {
    intercept(Call.DELETE, key, 0, () -> {
      delegate.delete(key);
      return null;
    });
  }

  @Override
  public long deletePrefix(String prefix) {
    return intercept(Call.DELETE_PREFIX, prefix, 0, () -> delegate.deletePrefix(prefix));
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    return intercept(Call.SCAN, prefix, 0, () -> delegate.scan(prefix, startAfter, limit));
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    return intercept(Call.SET_ADD, key, size(value), () -> delegate.addToSetAndGet(key, member, value));
  }

  /** One call, as the real store makes it: one round trip where it can. */
  @Override
  public SetBatch addToSetAndReadBatch(String key, String member, byte[] value, int size) {
    return intercept(Call.SET_ADD, key, size(value), () -> delegate.addToSetAndReadBatch(key, member, value, size));
  }

  /** One call, as the real store makes it: one round trip where it can. */
  @Override
  public SetJoin addToSetAndJoin(String key, String member, byte[] value, String widthKey, long width) {
    return intercept(Call.SET_ADD, key, size(value), () -> delegate.addToSetAndJoin(key, member, value, widthKey, width));
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    return intercept(Call.SET_READ, key, 0, () -> delegate.members(key, fromPosition, limit));
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    intercept(Call.SET_REMOVE, key, 0, () -> {
      delegate.removeFromSet(key, members);
      return null;
    });
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    return intercept(Call.INCREMENT, key, 0, () -> delegate.incrementAndGet(key, delta));
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    return intercept(Call.APPEND, key, 0, () -> delegate.appendAndGet(key, items));
  }

  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    long bytes = 0;
    for (WriteOp op : ops) {
      bytes += switch (op) {
        case WriteOp.PutIfAbsent p -> p.value().length;
        case WriteOp.CompareAndSet c -> c.value().length;
        case WriteOp.AddToSet a -> a.value().length;
        default -> 0;
      };
    }
    return intercept(Call.BATCH, ops.isEmpty() ? null : ops.get(0).key(), bytes, () -> delegate.writeBatch(ops));
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  /** The real store is closed by its owner. */
  @Override
  public void close() {}
}
