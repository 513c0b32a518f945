package io.jointflow.spi;

import java.util.List;
import java.util.Objects;

/**
 * One operation of an atomic batch ({@link StateStore#writeBatch}). Every operation names one key;
 * a batch names each key at most once. Conditional operations say what makes their condition fail;
 * when one fails, the whole batch writes nothing.
 */
public sealed interface WriteOp {

  /** The key this operation writes. */
  String key();

  /** Creates {@code key} (version 1); the condition fails if the key exists. */
  static WriteOp putIfAbsent(String key, byte[] value) {
    return new PutIfAbsent(key, value);
  }

  /**
   * Replaces the value at {@code expectedVersion} (0: creates it); the condition fails if the
   * current version differs (0 meaning absent).
   */
  static WriteOp compareAndSet(String key, long expectedVersion, byte[] value) {
    return new CompareAndSet(key, expectedVersion, value);
  }

  /**
   * Writes nothing; the condition fails if the plain value {@code key} exists. A batch can so depend
   * on a record it does not write (DynamoDB: a {@code ConditionCheck} item).
   */
  static WriteOp requireAbsent(String key) {
    return new RequireAbsent(key);
  }

  /** Removes a plain value if present; never fails. */
  static WriteOp delete(String key) {
    return new Delete(key);
  }

  /** Adds {@code member} to the ordered set {@code key} unless present; never fails. */
  static WriteOp addToSet(String key, String member, byte[] value) {
    return new AddToSet(key, member, value, Long.MAX_VALUE);
  }

  /**
   * Adds {@code member} to the ordered set {@code key} unless present; the condition fails if the
   * member is new and its position would be {@code limit} or more (the set has assigned {@code
   * limit} positions). A present member is no change and no failure, so the operation is
   * idempotent.
   */
  static WriteOp addToSet(String key, String member, byte[] value, long limit) {
    return new AddToSet(key, member, value, limit);
  }

  /** Removes members from the ordered set {@code key}; absent ones are ignored; never fails. */
  static WriteOp removeFromSet(String key, List<String> members) {
    return new RemoveFromSet(key, members);
  }

  /** Adds {@code delta} to the counter {@code key} (absent = 0); never fails. */
  static WriteOp increment(String key, long delta) {
    return new Increment(key, delta, Long.MAX_VALUE);
  }

  /** Adds {@code delta} to the counter {@code key}; the condition fails if the result would exceed {@code max}. */
  static WriteOp increment(String key, long delta, long max) {
    return new Increment(key, delta, max);
  }

  /**
   * Checks the rules every {@link StateStore#writeBatch} enforces before writing anything: no null
   * operation, each key at most once, at most {@code maxSize} operations.
   *
   * @return {@code ops}, copied
   * @throws IllegalArgumentException naming the repeated key or the size
   */
  static List<WriteOp> checkBatch(List<WriteOp> ops, int maxSize) {
    List<WriteOp> copy = List.copyOf(ops);
    if (copy.size() > maxSize) {
      throw new IllegalArgumentException("state batch has " + copy.size() + " operations, above the store's maximum "
          + maxSize + "; split it");
    }
    java.util.Set<String> keys = new java.util.HashSet<>(copy.size() * 2);
    for (WriteOp op : copy) {
      if (!keys.add(op.key())) {
        throw new IllegalArgumentException("state batch names key '" + op.key() + "' more than once: " + copy.size()
            + " operations; a batch writes each key at most once");
      }
    }
    return copy;
  }

  /** See {@link WriteOp#putIfAbsent(String, byte[])}. */
  record PutIfAbsent(String key, byte[] value) implements WriteOp {
    /** Validates. */
    public PutIfAbsent {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** See {@link WriteOp#compareAndSet(String, long, byte[])}. */
  record CompareAndSet(String key, long expectedVersion, byte[] value) implements WriteOp {
    /** Validates. */
    public CompareAndSet {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (expectedVersion < 0) {
        throw new IllegalArgumentException("state key '" + key + "' expected version is negative: " + expectedVersion);
      }
    }
  }

  /** See {@link WriteOp#requireAbsent(String)}. */
  record RequireAbsent(String key) implements WriteOp {
    /** Validates. */
    public RequireAbsent {
      Objects.requireNonNull(key, "key");
    }
  }

  /** See {@link WriteOp#delete(String)}. */
  record Delete(String key) implements WriteOp {
    /** Validates. */
    public Delete {
      Objects.requireNonNull(key, "key");
    }
  }

  /** See {@link WriteOp#addToSet(String, String, byte[], long)}; {@code limit} is {@code Long.MAX_VALUE} when unbounded. */
  record AddToSet(String key, String member, byte[] value, long limit) implements WriteOp {
    /** Validates. */
    public AddToSet {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(value, "value");
      if (limit < 0) {
        throw new IllegalArgumentException("set '" + key + "' limit is negative: " + limit);
      }
    }
  }

  /** See {@link WriteOp#removeFromSet(String, List)}. */
  record RemoveFromSet(String key, List<String> members) implements WriteOp {
    /** Validates and copies. */
    public RemoveFromSet {
      Objects.requireNonNull(key, "key");
      members = List.copyOf(members);
    }
  }

  /** See {@link WriteOp#increment(String, long, long)}; {@code max} is {@code Long.MAX_VALUE} when unbounded. */
  record Increment(String key, long delta, long max) implements WriteOp {
    /** Validates. */
    public Increment {
      Objects.requireNonNull(key, "key");
    }
  }
}
