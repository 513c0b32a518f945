package io.jointflow.redis;

import io.jointflow.spi.WriteOp;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@link LuaScript#BATCH} for a list of operations: the key prefix, then per
 * operation a one-letter code, the key and its arguments (the format is at the top of {@code
 * batch.lua}). Numbers go as decimal text; bounds that a 64-bit value cannot hold (a maximum minus
 * a delta) go as exact decimal text too, and the script compares them as such. Not thread safe.
 */
final class BatchScript {
  private static final byte[] NONE = new byte[0];
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private final List<byte[]> args = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();

  BatchScript(byte[] keyPrefix) {
    args.add(keyPrefix);
  }

  /** Adds one operation of a {@link WriteOp} batch. */
  BatchScript add(WriteOp op) {
    switch (op) {
      case WriteOp.PutIfAbsent p -> add("P", p.key(), p.value());
      case WriteOp.CompareAndSet c -> add("C", c.key(), number(c.expectedVersion()), c.value());
      case WriteOp.RequireAbsent r -> add("R", r.key());
      case WriteOp.Delete d -> add("D", d.key());
      case WriteOp.AddToSet a ->
          add("A", a.key(), utf8(a.member()), a.value(), a.limit() == Long.MAX_VALUE ? NONE : number(a.limit()));
      case WriteOp.RemoveFromSet r -> addAll("X", r.key(), r.members());
      case WriteOp.Increment i -> add("I", i.key(), number(i.delta()), condition(i), over(i.delta()), under(i.delta()));
    }
    return this;
  }

  /** Adds a set add that also reads the batch of {@code size} it completes (not a {@link WriteOp}). */
  BatchScript addAndReadBatch(String key, String member, byte[] value, int size) {
    add("B", key, utf8(member), value, number(size));
    return this;
  }

  /** Adds a join's arrival ({@code width} -1: only read the width; not a {@link WriteOp}). */
  BatchScript addAndJoin(String key, String member, byte[] value, String widthKey, long width) {
    add("J", key, utf8(member), value, utf8(widthKey), width < 0 ? NONE : number(width));
    return this;
  }

  /** Adds an append to a list, which answers with the whole list (not a {@link WriteOp}). */
  BatchScript append(String key, List<String> items) {
    addAll("L", key, items);
    return this;
  }

  /** The key of operation {@code index}, for messages. */
  String key(int index) {
    return keys.get(index);
  }

  byte[][] args() {
    return args.toArray(new byte[0][]);
  }

  private void add(String code, String key, byte[]... rest) {
    keys.add(key);
    args.add(utf8(code));
    args.add(utf8(key));
    args.addAll(List.of(rest));
  }

  private void addAll(String code, String key, List<String> items) {
    add(code, key, number(items.size()));
    items.forEach(item -> args.add(utf8(item)));
  }

  /** The increment fails if the counter is above {@code max - delta}; none for an unbounded one. */
  private static byte[] condition(WriteOp.Increment i) {
    if (i.max() == Long.MAX_VALUE) {
      return NONE;
    }
    return utf8(BigInteger.valueOf(i.max()).subtract(BigInteger.valueOf(i.delta())).toString());
  }

  /** Above this the sum overflows 64 bits. */
  private static byte[] over(long delta) {
    return delta > 0 ? utf8(MAX.subtract(BigInteger.valueOf(delta)).toString()) : NONE;
  }

  /** Below this the sum underflows 64 bits. */
  private static byte[] under(long delta) {
    return delta < 0 ? utf8(MIN.subtract(BigInteger.valueOf(delta)).toString()) : NONE;
  }

  static byte[] number(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
