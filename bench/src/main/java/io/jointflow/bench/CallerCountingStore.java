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
import java.util.Optional;

/**
 * One cloud's real state store, placed under the emulation, that counts every call the runtime
 * makes as coming from code in its own cloud or from another cloud: each call goes through {@link
 * #local} or {@link #remote}, two {@link CountingStateStore}s over the same store. Which one is said
 * by the emulation's observer, which sees the caller's cloud and is called on the caller's thread
 * just before the call reaches this store ({@link #callerIs}).
 */
final class CallerCountingStore implements StateStore {
  private static final ThreadLocal<String> CALLER = new ThreadLocal<>();

  private final String cloud;
  private final StateStore delegate;
  /** Calls from code running in this store's own cloud. */
  final CountingStateStore local;
  /** Calls from code running in another cloud: each one a cross-cloud round trip. */
  final CountingStateStore remote;

  CallerCountingStore(String cloud, StateStore delegate) {
    this.cloud = cloud;
    this.delegate = delegate;
    this.local = new CountingStateStore(delegate);
    this.remote = new CountingStateStore(delegate);
  }

  /** Notes the cloud of the code whose store call comes next on this thread (from the emulation's observer). */
  static void callerIs(String cloud) {
    CALLER.set(cloud);
  }

  private StateStore route() {
    String caller = CALLER.get();
    CALLER.remove();
    return caller == null || caller.equals(cloud) ? local : remote;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<Versioned> get(String key) {
    return route().get(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return route().putIfAbsent(key, value);
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return route().compareAndSet(key, expectedVersion, value);
  }

  @Override
  public void delete(String key) {
    route().delete(key);
  }

  @Override
  public long deletePrefix(String prefix) {
    return route().deletePrefix(prefix);
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    return route().scan(prefix, startAfter, limit);
  }

  @Override
  public io.jointflow.spi.SetBatch addToSetAndReadBatch(String key, String member, byte[] value, int size) {
    return route().addToSetAndReadBatch(key, member, value, size);
  }

  @Override
  public io.jointflow.spi.SetJoin addToSetAndJoin(String key, String member, byte[] value, String widthKey, long width) {
    return route().addToSetAndJoin(key, member, value, widthKey, width);
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    return route().addToSetAndGet(key, member, value);
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    return route().members(key, fromPosition, limit);
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    route().removeFromSet(key, members);
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    return route().incrementAndGet(key, delta);
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    return route().appendAndGet(key, items);
  }

  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    return route().writeBatch(ops);
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  /** Leaves the wrapped store open: its owner closes it. */
  @Override
  public void close() {}
}
