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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A state store decorator that simulates the death of the process using it: after operation number
 * {@code crashAfter} has taken effect it throws {@link InjectedCrash}, and so does every later
 * operation, so nothing the dead host does afterwards reaches the store. An atomic batch is one
 * operation: the crash comes after all of it or before any of it.
 */
final class CrashingStateStore implements StateStore {
  /** Thrown where the simulated process dies; an Error so that the runtime's handlers do not catch it. */
  static final class InjectedCrash extends Error {
    InjectedCrash(long op) {
      super("injected crash after state-store operation " + op, null, false, false);
    }
  }

  private final StateStore delegate;
  private final long crashAfter;
  private final AtomicLong ops;
  private final java.util.Queue<String> log = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean dead;

  CrashingStateStore(StateStore delegate, long crashAfter) {
    this(delegate, crashAfter, new AtomicLong(), new java.util.concurrent.atomic.AtomicBoolean());
  }

  /** One of several stores of one host (its clouds'), counting operations and dying together. */
  CrashingStateStore(StateStore delegate, long crashAfter, AtomicLong sharedOps,
      java.util.concurrent.atomic.AtomicBoolean sharedDead) {
    this.delegate = delegate;
    this.crashAfter = crashAfter;
    this.ops = sharedOps;
    this.dead = sharedDead;
  }

  long ops() {
    return ops.get();
  }

  /** Every operation so far, as {@code "NAME KEY"} (a batch: {@code "writeBatch KEY1 KEY2 ..."}). */
  List<String> log() {
    return List.copyOf(log);
  }

  boolean dead() {
    return dead.get();
  }

  private <T> T op(String name, String key, Supplier<T> body) {
    log.add(name + " " + key);
    if (dead.get()) {
      throw new InjectedCrash(ops.get());
    }
    T result = body.get();
    long n = ops.incrementAndGet();
    if (n == crashAfter) {
      dead.set(true);
      throw new InjectedCrash(n);
    }
    return result;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<Versioned> get(String key) {
    return op("get", key, () -> delegate.get(key));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return op("putIfAbsent", key, () -> delegate.putIfAbsent(key, value));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return op("compareAndSet", key, () -> delegate.compareAndSet(key, expectedVersion, value));
  }

  @Override
  public void delete(String key) {
    op("delete", key, () -> {
      delegate.delete(key);
      return null;
    });
  }

  @Override
  public long deletePrefix(String prefix) {
    return op("deletePrefix", prefix, () -> delegate.deletePrefix(prefix));
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    return op("scan", prefix, () -> delegate.scan(prefix, startAfter, limit));
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    return op("addToSet", key, () -> delegate.addToSetAndGet(key, member, value));
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    return op("members", key, () -> delegate.members(key, fromPosition, limit));
  }

  @Override
  public long incrementAndGet(String key, long delta) {
    return op("increment", key, () -> delegate.incrementAndGet(key, delta));
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    return op("append", key, () -> delegate.appendAndGet(key, items));
  }

  @Override
  public BatchOutcome writeBatch(List<WriteOp> batch) {
    return op("writeBatch", String.join(" ", batch.stream().map(WriteOp::key).toList()), () -> delegate.writeBatch(batch));
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    op("removeFromSet", key, () -> {
      delegate.removeFromSet(key, members);
      return null;
    });
  }

  @Override
  public void close() {
    // the delegate outlives the simulated process
  }
}
