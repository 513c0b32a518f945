package io.jointflow.core;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A cloud's state store that tells a {@link RuntimeObserver} of every call before making it. Only
 * installed when the host has an observer, so that a host without one pays nothing per call.
 */
final class ObservedStateStore implements StateStore {
  private final StateStore delegate;
  private final String cloud;
  private final RuntimeObserver observer;

  ObservedStateStore(StateStore delegate, String cloud, RuntimeObserver observer) {
    this.delegate = delegate;
    this.cloud = cloud;
    this.observer = observer;
  }

  private void read() {
    observer.storeCalled(cloud, RuntimeObserver.StoreCall.READ);
  }

  private void write() {
    observer.storeCalled(cloud, RuntimeObserver.StoreCall.WRITE);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<Versioned> get(String key) {
    read();
    return delegate.get(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    write();
    return delegate.putIfAbsent(key, value);
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    write();
    return delegate.compareAndSet(key, expectedVersion, value);
  }

  @Override
  public void delete(String key) {
    write();
    delegate.delete(key);
  }

  @Override
  public long deletePrefix(String prefix) {
    write();
    return delegate.deletePrefix(prefix);
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    read();
    return delegate.scan(prefix, startAfter, limit);
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    write();
    return delegate.addToSetAndGet(key, member, value);
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    read();
    return delegate.members(key, fromPosition, limit);
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    write();
    delegate.removeFromSet(key, members);
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    write();
    return delegate.incrementAndGet(key, delta);
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    write();
    return delegate.appendAndGet(key, items);
  }

  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    observer.storeCalled(cloud, RuntimeObserver.StoreCall.BATCH);
    return delegate.writeBatch(ops);
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
    return "state store of cloud '" + cloud + "' (observed) over " + delegate;
  }
}
