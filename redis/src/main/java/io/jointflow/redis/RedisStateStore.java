package io.jointflow.redis;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetBatch;
import io.jointflow.spi.SetJoin;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateStore} on one Redis server (configuration name {@code redis}): several processes
 * and hosts share it, and every operation is one round trip.
 *
 * <p>Layout, under the {@linkplain RedisOptions#keyPrefix() key prefix} {@code P} (default {@code
 * jointflow:}), for a store key {@code K} (its UTF-8 bytes):
 *
 * <ul>
 *   <li>{@code P v:K} a hash: {@code v} the plain value, {@code n} its version.
 *   <li>{@code P s:K} a sorted set of the set's members scored by position, {@code P d:K} a hash of
 *       their values, {@code P p:K} the next position (a counter that removals never lower, so
 *       positions are never reused; exact up to 2<sup>53</sup>).
 *   <li>{@code P n:K} a counter (a decimal string, {@code INCRBY}); {@code P l:K} a list.
 *   <li>{@code P keys:v}, {@code keys:s}, {@code keys:n}, {@code keys:l}: one index per kind, a sorted
 *       set of the store keys with score 0. Redis has no ordered keyspace; {@code ZRANGEBYLEX} on an
 *       index reads a key range in byte order, which for UTF-8 is code point order, so {@link #scan}
 *       and {@link #deletePrefix} read ranges instead of scanning the keyspace.
 * </ul>
 *
 * <p>Every write, single or batch, is one run of a Lua script ({@code batch.lua}, by {@code EVALSHA})
 * that writes the data and the index together; {@link #deletePrefix}, {@link #scan} and {@link
 * #members} are scripts too. Redis runs a script alone, so a script is atomic and isolated: no reader
 * sees part of a batch. {@code batch.lua} checks every condition before it writes anything; a failed
 * condition returns the index of the first one, in batch order, and writes nothing. Set positions,
 * increments and compare-and-set versions are assigned inside the script, so of concurrent callers
 * exactly one sees each.
 *
 * <p>Durability is the server's: a write is acknowledged once Redis applied it, and it survives a
 * server crash only if the server logs it before answering, i.e. runs with {@code appendonly yes}
 * and {@code appendfsync always} (an fsync per event-loop round, shared by the writes of that
 * round). {@code appendfsync everysec} answers sooner but may lose the last second of acknowledged
 * writes in a crash, which can make a step run twice; without the append-only file everything since
 * the last snapshot is lost. The store logs a warning when it opens on such a server. Replication
 * is asynchronous, so after a failover to a replica acknowledged writes may be missing: point the
 * store at a primary with its own append-only file. Not for Redis Cluster (the scripts reach keys
 * they compute).
 *
 * <p>Keys and set members must be valid Unicode (no unpaired surrogates). Thread safe: all threads
 * share one connection, which is reopened on the next call after it broke. A failed call throws a
 * {@link StoreException} naming the store and endpoint and saying whether it is retryable. {@link
 * #close()} lets calls in progress finish first.
 */
public final class RedisStateStore implements StateStore {
  /**
   * The most operations of one batch. A script blocks every other client of the server while it
   * runs (up to some 20 us per operation, measured end to end), so a batch of this size holds
   * other hosts' steps for up to about 20 ms; the runtime's steps write at most 256 operations per
   * batch, and only its clean-up of finished records fills whatever the store takes.
   */
  static final int MAX_BATCH = 1000;
  private static final System.Logger LOG = System.getLogger(RedisStateStore.class.getName());
  private static final byte[] VALUE = {'v'};
  private static final byte[] VERSION = {'n'};
  private final String label;
  private final String endpoint;
  private final byte[] prefix;
  private final RedisLink link;

  private RedisStateStore(String label, String endpoint, byte[] prefix, RedisLink link) {
    this.label = label;
    this.endpoint = endpoint;
    this.prefix = prefix;
    this.link = link;
  }

  /**
   * Connects to {@code location}, {@code redis://[:PASSWORD@]HOST:PORT[/DB][?prefix=P]}, with {@link
   * RedisOptions#defaults()}.
   *
   * @throws StoreException if the location is malformed, the server cannot be reached (retryable)
   *     or refuses the credentials
   */
  public static RedisStateStore open(String location) {
    return open(location, RedisOptions.defaults());
  }

  /**
   * Connects to {@code location}; a password or {@code ?prefix=} in it overrides the options'.
   *
   * @throws StoreException if the location is malformed, the server cannot be reached (retryable)
   *     or refuses the credentials
   */
  public static RedisStateStore open(String location, RedisOptions options) {
    Objects.requireNonNull(options, "options");
    RedisLocation where = RedisLocation.parse(location);
    String keyPrefix = where.prefix() != null ? where.prefix() : options.keyPrefix();
    String label = "redis state store '" + where.endpoint() + "'";
    RedisLink link = RedisLink.open(label, where, options);
    warnIfNotDurable(label, link);
    return new RedisStateStore(label, where.endpoint(), keyPrefix.getBytes(StandardCharsets.UTF_8), link);
  }

  private static void warnIfNotDurable(String label, RedisLink link) {
    Map<String, String> config;
    try {
      config = link.call("read its configuration", false, c -> c.configGet("appendonly", "appendfsync"));
    } catch (StoreException e) {
      return; // CONFIG is often disabled on managed servers: nothing to check
    }
    if (!"yes".equals(config.get("appendonly")) || !"always".equals(config.get("appendfsync"))) {
      LOG.log(System.Logger.Level.WARNING, label + " may lose acknowledged writes if the server crashes: appendonly "
          + config.get("appendonly") + ", appendfsync " + config.get("appendfsync")
          + "; for exactly-once state run it with --appendonly yes --appendfsync always");
    }
  }

  @Override
  public String name() {
    return "redis";
  }

  /** The server, as {@code redis://HOST:PORT/DB} (never with a password). */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public Optional<Versioned> get(String key) {
    Objects.requireNonNull(key, "key");
    List<KeyValue<byte[], byte[]>> vn = link.call("get key '" + key + "'", false, c -> c.hmget(redisKey("v:", key), VALUE, VERSION));
    if (!vn.get(0).hasValue()) {
      return Optional.empty();
    }
    return Optional.of(new Versioned(vn.get(0).getValue(), Long.parseLong(ascii(vn.get(1).getValue()))));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return write("put key '" + key + "'", WriteOp.putIfAbsent(key, value)) != null;
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return write("compare-and-set key '" + key + "'", WriteOp.compareAndSet(key, expectedVersion, value)) != null;
  }

  @Override
  public void delete(String key) {
    write("delete key '" + key + "'", WriteOp.delete(key));
  }

  @Override
  public long deletePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    KeyRange range = KeyRange.of(prefix, null);
    Long removed = link.eval("delete prefix '" + prefix + "'", true, LuaScript.DELETE_PREFIX,
        new byte[][] {this.prefix, range.min(), range.max()});
    return removed;
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("scan of prefix '" + prefix + "' has a negative limit: " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    KeyRange range = KeyRange.of(prefix, startAfter);
    List<Object> flat = link.eval("scan prefix '" + prefix + "'", false, LuaScript.SCAN,
        new byte[][] {this.prefix, range.min(), range.max(), BatchScript.number(limit)});
    List<Entry> out = new ArrayList<>(flat.size() / 3);
    for (int i = 0; i < flat.size(); i += 3) {
      out.add(new Entry(utf8((byte[]) flat.get(i)),
          new Versioned((byte[]) flat.get(i + 1), Long.parseLong(ascii((byte[]) flat.get(i + 2))))));
    }
    return out;
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    List<?> added = (List<?>) write("add to set '" + key + "'", WriteOp.addToSet(key, member, value));
    return new SetAdd((Long) added.get(0), (Long) added.get(1) == 1);
  }

  /** One run of {@code batch.lua}: the add and, when it completes a batch, the batch's members. */
  @Override
  public SetBatch addToSetAndReadBatch(String key, String member, byte[] value, int size) {
    Objects.requireNonNull(key, "key");
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be >= 1: " + size);
    }
    List<?> r = (List<?>) run("add to set '" + key + "' and read its batch",
        new BatchScript(prefix).addAndReadBatch(key, member, value, size)).get(1);
    List<SetMember> batch = new ArrayList<>((r.size() - 2) / 3);
    for (int i = 2; i < r.size(); i += 3) {
      long position = (long) Double.parseDouble(ascii((byte[]) r.get(i + 1)));
      batch.add(new SetMember(position, utf8((byte[]) r.get(i)), (byte[]) r.get(i + 2)));
    }
    return new SetBatch(new SetAdd((Long) r.get(0), (Long) r.get(1) == 1), batch);
  }

  /** One run of {@code batch.lua}: the width's put, the add, the width's read and, if it completes the join, the members. */
  @Override
  public SetJoin addToSetAndJoin(String key, String member, byte[] value, String widthKey, long width) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(widthKey, "widthKey");
    if (width < -1) {
      throw new IllegalArgumentException("width must be >= 0, or -1 to read it: " + width);
    }
    List<?> r = (List<?>) run("add to set '" + key + "' and join",
        new BatchScript(prefix).addAndJoin(key, member, value, widthKey, width)).get(1);
    List<SetMember> members = new ArrayList<>((r.size() - 3) / 3);
    for (int i = 3; i < r.size(); i += 3) {
      long position = (long) Double.parseDouble(ascii((byte[]) r.get(i + 1)));
      members.add(new SetMember(position, utf8((byte[]) r.get(i)), (byte[]) r.get(i + 2)));
    }
    return new SetJoin(new SetAdd((Long) r.get(0), (Long) r.get(1) == 1), (Long) r.get(2), members);
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    Objects.requireNonNull(key, "key");
    if (limit <= 0) {
      return List.of();
    }
    List<Object> flat = link.eval("read set '" + key + "'", false, LuaScript.MEMBERS,
        new byte[][] {prefix, BatchScript.utf8(key), BatchScript.number(Math.max(fromPosition, 0)), BatchScript.number(limit)});
    List<SetMember> out = new ArrayList<>(flat.size() / 3);
    for (int i = 0; i < flat.size(); i += 3) {
      long position = (long) Double.parseDouble(ascii((byte[]) flat.get(i + 1)));
      out.add(new SetMember(position, utf8((byte[]) flat.get(i)), (byte[]) flat.get(i + 2)));
    }
    return out;
  }

  /** Native: {@code INCRBY} inside the batch script; a delta of 0 is a plain read. */
  @Override
  public long incrementAndGet(String key, long delta) {
    Objects.requireNonNull(key, "key");
    if (delta == 0) {
      byte[] v = link.call("read counter '" + key + "'", false, c -> c.get(redisKey("n:", key)));
      return v == null ? 0 : Long.parseLong(ascii(v));
    }
    return Long.parseLong(ascii((byte[]) write("increment counter '" + key + "'", WriteOp.increment(key, delta))));
  }

  @Override
  public List<String> appendAndGet(String key, List<String> items) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(items);
    List<?> list = copy.isEmpty()
        ? link.call("read list '" + key + "'", false, c -> c.lrange(redisKey("l:", key), 0, -1))
        : (List<?>) run("append to list '" + key + "'", new BatchScript(prefix).append(key, copy)).get(1);
    return list.stream().map(b -> utf8((byte[]) b)).toList();
  }

  @Override
  public void removeFromSet(String key, Collection<String> members) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(members);
    if (!copy.isEmpty()) {
      write("remove from set '" + key + "'", WriteOp.removeFromSet(key, copy));
    }
  }

  /** One run of {@code batch.lua}: every condition is checked before anything is written. */
  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    List<WriteOp> batch = WriteOp.checkBatch(ops, MAX_BATCH);
    if (batch.isEmpty()) {
      return BatchOutcome.COMMITTED;
    }
    BatchScript script = new BatchScript(prefix);
    batch.forEach(script::add);
    List<Object> reply = run(describe(batch), script);
    long status = (Long) reply.get(0);
    return status < 0 ? BatchOutcome.COMMITTED : BatchOutcome.failedAt((int) status);
  }

  /** {@value #MAX_BATCH}: see the field. */
  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  /** A single write as a batch of one: its result, or {@code null} if its condition failed. */
  private Object write(String what, WriteOp op) {
    List<Object> reply = run(what, new BatchScript(prefix).add(op));
    return (Long) reply.get(0) < 0 ? reply.get(1) : null;
  }

  private List<Object> run(String what, BatchScript script) {
    List<Object> reply = link.eval(what, true, LuaScript.BATCH, script.args());
    if ((Long) reply.get(0) == -2) {
      String key = script.key(((Long) reply.get(1)).intValue());
      throw new StoreException(label + " cannot " + what + ": counter '" + key
          + "' would go beyond 64 bits; nothing was written (not retryable)", null, false);
    }
    return reply;
  }

  private static String describe(List<WriteOp> batch) {
    StringBuilder b = new StringBuilder("write a batch of " + batch.size() + " operations on keys ");
    for (int i = 0; i < Math.min(3, batch.size()); i++) {
      b.append(i == 0 ? "'" : ", '").append(batch.get(i).key()).append("'");
    }
    return b.append(batch.size() > 3 ? ", ..." : "").toString();
  }

  private byte[] redisKey(String kind, String key) {
    byte[] k = BatchScript.utf8(key);
    byte[] out = new byte[prefix.length + kind.length() + k.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(kind.getBytes(StandardCharsets.US_ASCII), 0, out, prefix.length, kind.length());
    System.arraycopy(k, 0, out, prefix.length + kind.length(), k.length);
    return out;
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Lets calls in progress finish, then closes the connection. Idempotent. */
  @Override
  public void close() {
    link.close();
  }

  @Override
  public String toString() {
    return label;
  }
}
