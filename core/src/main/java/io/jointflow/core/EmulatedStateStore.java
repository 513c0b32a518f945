package io.jointflow.core;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cloud's state store as code in another cloud (or the same) sees it under emulation: every call
 * takes a network round trip from the caller's cloud, and fails as unreachable during the cloud's
 * store outage windows (retryable, so steps wait and resume). The store itself is real.
 */
final class EmulatedStateStore implements StateStore {
  private final StateStore delegate;
  private final String cloud;
  private final Emulator emulator;

  EmulatedStateStore(StateStore delegate, String cloud, Emulator emulator) {
    this.delegate = delegate;
    this.cloud = cloud;
    this.emulator = emulator;
  }

  private <T> T call(String what, String key, long bytes, Supplier<T> body) {
    if (emulator.storeDown(cloud)) {
      throw new StoreException("state store of cloud '" + cloud + "' is unreachable (emulated outage) during " + what,
          null, true);
    }
    emulator.roundTrip(Emulation.Effect.STORE_CALL, cloud, bytes, key);
    return body.get();
  }

  private static long size(byte[] value) {
    return value == null ? 0 : value.length;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<Versioned> get(String key) {
    return call("get", key, 0, () -> delegate.get(key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return call("put", key, size(value), () -> delegate.putIfAbsent(key, value));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return call("compare-and-set", key, size(value), () -> delegate.compareAndSet(key, expectedVersion, value));
  }

  @Override
  public void delete(String key) {
    call("delete", key, 0, () -> {
      delegate.delete(key);
      return null;
    });
  }

  @Override
  public long deletePrefix(String prefix) {
    return call("delete prefix", prefix, 0, () -> delegate.deletePrefix(prefix));
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    return call("scan", prefix, 0, () -> delegate.scan(prefix, startAfter, limit));
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    return call("set add", key, size(value), () -> delegate.addToSetAndGet(key, member, value));
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    return call("set read", key, 0, () -> delegate.members(key, fromPosition, limit));
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    call("set remove", key, 0, () -> {
      delegate.removeFromSet(key, members);
      return null;
    });
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    return call("increment", key, 0, () -> delegate.incrementAndGet(key, delta));
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    return call("append", key, 0, () -> delegate.appendAndGet(key, items));
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
    long total = bytes;
    return call("batch", ops.isEmpty() ? null : ops.get(0).key(), total, () -> delegate.writeBatch(ops));
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  /** The real store is closed by its owner. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "state store of cloud '" + cloud + "' (emulated network) over " + delegate;
  }
}
