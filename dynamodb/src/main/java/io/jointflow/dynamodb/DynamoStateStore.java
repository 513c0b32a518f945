package io.jointflow.dynamodb;

import static io.jointflow.dynamodb.Layout.n;
import static io.jointflow.dynamodb.Layout.s;

import io.jointflow.spi.BatchOutcome;
import io.jointflow.spi.Entry;
import io.jointflow.spi.SetAdd;
import io.jointflow.spi.SetMember;
import io.jointflow.spi.StateStore;
import io.jointflow.spi.StoreException;
import io.jointflow.spi.Versioned;
import io.jointflow.spi.WriteOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A {@link StateStore} on one DynamoDB table (configuration name {@code dynamodb}): several
 * processes, hosts and clouds share it. The item layout is described by {@link Layout}: plain
 * values, counters, lists and set headers of one namespace share a partition ordered by key, so
 * scans and prefix deletes are strongly consistent {@code Query} calls.
 *
 * <p>Every write of plain values and sets, single or batch, is one {@code TransactWriteItems} call
 * (at most 100 items): a batch is atomic and isolated (DynamoDB serializes transactions with
 * {@code GetItem}), and its conditions name the failed operation through the cancellation
 * reasons. A set add takes three items (header, member, position), so {@link #maxBatchSize()} is
 * {@value #MAX_BATCH}; a batch whose operations still need more than 100 items (removals of many
 * members, values above 300 KB) fails, not retryable, before anything is written. Counters and lists
 * outside batches are single {@code UpdateItem} calls.
 *
 * <p>Limits: values up to about 1.2 MB in a batch (parts of 300 KB, a transaction carries 4 MB);
 * set member values and lists up to about 390 KB (one item); keys longer than 960 bytes of UTF-8
 * that share their first 960 bytes are ordered among themselves by a hash, not by code point.
 * {@link #scan} and {@link #members} are {@code Query} calls, which DynamoDB isolates only as
 * read-committed: one racing a batch may see part of it ({@link #get} never does).
 * {@link #deletePrefix} and {@link #removeFromSet} outside a batch are not atomic (they delete in
 * transactions of up to 100 items): do not write under a prefix while deleting it.
 *
 * <p>Durability is DynamoDB's: an acknowledged write is stored in several availability zones.
 * Failures throw a {@link StoreException} naming the store and endpoint; throttling, time-outs,
 * lost connections and server errors are retryable, refused credentials and a missing table are
 * not. Thread safe.
 */
public final class DynamoStateStore implements StateStore {
  /** The most operations of one batch: 33 set adds of three items each fit in one transaction. */
  static final int MAX_BATCH = 33;
  private static final int MAX_ITEMS = Transactions.MAX_ITEMS;
  private static final int ATTEMPTS = 64;
  private final DynamoLink link;
  private final Layout layout;
  private final String table;
  private final Reads reads;
  private final Transactions transactions;

  private DynamoStateStore(DynamoLink link, Layout layout) {
    this.link = link;
    this.layout = layout;
    this.table = link.table();
    this.reads = new Reads(link, layout);
    this.transactions = new Transactions(link, layout, reads);
  }

  /**
   * Opens {@code location}, {@code dynamodb://TABLE[?region=R][&endpoint=URL][&namespace=NS]}, with
   * {@link DynamoOptions#defaults()}.
   *
   * @throws StoreException if the location is malformed, the endpoint cannot be reached
   *     (retryable), the credentials are refused or the table is missing and cannot be created
   */
  public static DynamoStateStore open(String location) {
    return open(location, DynamoOptions.defaults());
  }

  /**
   * Opens {@code location}; a {@code namespace=} in it overrides the options'.
   *
   * @throws StoreException as {@link #open(String)}
   */
  public static DynamoStateStore open(String location, DynamoOptions options) {
    return open(location, options, null);
  }

  /** For tests: as {@link #open(String, DynamoOptions)} with these credentials instead of the SDK's default chain. */
  static DynamoStateStore open(String location, DynamoOptions options, AwsCredentialsProvider credentials) {
    Objects.requireNonNull(options, "options");
    DynamoLocation where = DynamoLocation.parse(location);
    String namespace = where.namespace() != null ? where.namespace() : options.namespace();
    return new DynamoStateStore(DynamoLink.open(where, options, credentials), new Layout(namespace));
  }

  @Override
  public String name() {
    return "dynamodb";
  }

  @Override
  public String toString() {
    return link.label();
  }

  @Override
  public Optional<Versioned> get(String key) {
    Objects.requireNonNull(key, "key");
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Map<String, AttributeValue> head = reads.read("get key '" + key + "'", layout.itemKey('v', key));
      if (head == null) {
        return Optional.empty();
      }
      byte[] value = reads.assemble(key, head);
      if (value != null) {
        return Optional.of(new Versioned(value, Layout.number(head, "ver")));
      }
    }
    throw new StoreException(link.label() + " cannot get key '" + key + "': it changed during every one of " + ATTEMPTS
        + " reads (retryable)", null, true);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] value) {
    return writeBatch(List.of(WriteOp.putIfAbsent(key, value))).committed();
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, byte[] value) {
    return writeBatch(List.of(WriteOp.compareAndSet(key, expectedVersion, value))).committed();
  }

  @Override
  public void delete(String key) {
    writeBatch(List.of(WriteOp.delete(key)));
  }

  @Override
  public long deletePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String what = "delete prefix '" + prefix + "'";
    long removed = 0;
    List<TransactWriteItem> deletes = new ArrayList<>();
    for (char kind : new char[] {'v', 'n', 'l', 's'}) {
      List<Map<String, AttributeValue>> heads = new ArrayList<>();
      reads.scanKind(kind, prefix, null, Integer.MAX_VALUE, true, heads::add);
      for (Map<String, AttributeValue> head : heads) {
        String key = Layout.storeKey(head);
        if (kind == 'v') {
          Plan.Parts parts = Plan.Parts.of(head);
          for (int i = 0; i < parts.count(); i++) {
            flushAdd(what, deletes, deleteItem(Layout.key(layout.chunkPk(key), parts.cid() + "#" + String.format("%05d", i))));
          }
        } else if (kind == 's') {
          List<Map<String, AttributeValue>> members = new ArrayList<>();
          reads.query(what, QueryRequest.builder().tableName(table).keyConditionExpression("pk = :pk")
              .expressionAttributeValues(Map.of(":pk", s(layout.setPk(key)))), 1000, members::add);
          for (Map<String, AttributeValue> m : members) {
            flushAdd(what, deletes, deleteItem(Layout.key(m.get("pk").s(), m.get("sk").s())));
          }
        }
        flushAdd(what, deletes, deleteItem(Layout.key(head.get("pk").s(), head.get("sk").s())));
        removed++;
      }
    }
    flush(what, deletes);
    return removed;
  }

  private TransactWriteItem deleteItem(Map<String, AttributeValue> key) {
    return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build()).build();
  }

  private void flushAdd(String what, List<TransactWriteItem> pending, TransactWriteItem item) {
    pending.add(item);
    if (pending.size() == MAX_ITEMS) {
      flush(what, pending);
    }
  }

  private void flush(String what, List<TransactWriteItem> pending) {
    if (!pending.isEmpty()) {
      List<TransactWriteItem> copy = List.copyOf(pending);
      link.call(what, true, c -> c.transactWriteItems(r -> r.transactItems(copy)));
      pending.clear();
    }
  }

  @Override
  public List<Entry> scan(String prefix, String startAfter, int limit) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0) {
      throw new IllegalArgumentException("scan of prefix '" + prefix + "' has a negative limit: " + limit);
    }
    List<Entry> out = new ArrayList<>();
    if (limit == 0) {
      return out;
    }
    reads.scanKind('v', prefix, startAfter, limit, head -> {
      String key = Layout.storeKey(head);
      byte[] value = reads.assemble(key, head);
      Optional<Versioned> v = value != null ? Optional.of(new Versioned(value, Layout.number(head, "ver"))) : get(key);
      v.ifPresent(x -> out.add(new Entry(key, x)));
    });
    return out;
  }

  @Override
  public SetAdd addToSetAndGet(String key, String member, byte[] value) {
    return transactions.run("add to set '" + key + "'", List.of(WriteOp.addToSet(key, member, value))).plan().setAdds.get(0);
  }

  @Override
  public List<SetMember> members(String key, long fromPosition, int limit) {
    Objects.requireNonNull(key, "key");
    List<SetMember> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    reads.query("read set '" + key + "'", QueryRequest.builder().tableName(table)
        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
        .expressionAttributeValues(Map.of(":pk", s(layout.setPk(key)), ":from", s(Layout.positionSk(Math.max(0, fromPosition))),
            ":to", s(Layout.positionSk(Long.MAX_VALUE)))), limit, item -> {
              out.add(new SetMember(Long.parseLong(item.get("sk").s().substring(2)), item.get("m").s(), item.get("v").b().asByteArray()));
              return out.size() < limit;
            });
    return out;
  }

  /** One {@code UpdateItem ADD}; its condition only guards against leaving 64 bits. A delta of 0 is a read. */
  @Override
  public long incrementAndGet(String key, long delta) {
    Objects.requireNonNull(key, "key");
    String what = "increment counter '" + key + "'";
    if (delta == 0) {
      Map<String, AttributeValue> item = reads.read("read counter '" + key + "'", layout.itemKey('n', key));
      return item == null ? 0 : Layout.number(item, "n");
    }
    long bound = delta > 0 ? Long.MAX_VALUE - delta : Long.MIN_VALUE - delta;
    try {
      return link.call(what, true, c -> Layout.number(c.updateItem(r -> r.tableName(table).key(layout.itemKey('n', key))
          .updateExpression("ADD #n :d").conditionExpression("attribute_not_exists(#n) OR #n " + (delta > 0 ? "<=" : ">=") + " :b")
          .expressionAttributeNames(Map.of("#n", "n")).expressionAttributeValues(Map.of(":d", n(delta), ":b", n(bound)))
          .returnValues(ReturnValue.UPDATED_NEW)).attributes(), "n"));
    } catch (StoreException e) {
      if (e.getCause() instanceof ConditionalCheckFailedException) {
        throw transactions.overflow(what, key);
      }
      throw e;
    }
  }

  public List<String> appendAndGet(String key, List<String> items) {
    Objects.requireNonNull(key, "key");
    List<String> copy = List.copyOf(items);
    Map<String, AttributeValue> item;
    if (copy.isEmpty()) {
      item = reads.read("read list '" + key + "'", layout.itemKey('l', key));
    } else {
      Map<String, AttributeValue> values = new HashMap<>();
      values.put(":e", AttributeValue.fromL(List.of()));
      values.put(":i", AttributeValue.fromL(copy.stream().map(Layout::s).toList()));
      String set = "SET #l = list_append(if_not_exists(#l, :e), :i)";
      Map<String, String> names = new HashMap<>(Map.of("#l", "l"));
      if (Layout.isCut(key)) {
        set += ", #k = :k";
        names.put("#k", "k");
        values.put(":k", s(key));
      }
      String update = set;
      item = link.call("append to list '" + key + "'", true, c -> c.updateItem(r -> r.tableName(table).key(layout.itemKey('l', key))
          .updateExpression(update).expressionAttributeNames(names).expressionAttributeValues(values)
          .returnValues(ReturnValue.ALL_NEW)).attributes());
    }
    return item == null || !item.containsKey("l") ? List.of() : item.get("l").l().stream().map(AttributeValue::s).toList();
  }

  /** Removes the members in transactions of up to 50 members each; not atomic as a whole. */
  @Override
  public void removeFromSet(String key, Collection<String> members) {
    Objects.requireNonNull(key, "key");
    List<String> all = List.copyOf(new java.util.LinkedHashSet<>(members));
    for (int from = 0; from < all.size(); from += MAX_ITEMS / 2) {
      transactions.run("remove from set '" + key + "'", List.of(WriteOp.removeFromSet(key, all.subList(from, Math.min(all.size(), from + MAX_ITEMS / 2)))));
    }
  }

  @Override
  public BatchOutcome writeBatch(List<WriteOp> ops) {
    List<WriteOp> batch = WriteOp.checkBatch(ops, MAX_BATCH);
    return transactions.run(describe(batch), batch).outcome();
  }

  /** {@value #MAX_BATCH}: see the field. */
  @Override
  public int maxBatchSize() {
    return MAX_BATCH;
  }

  private static String describe(List<WriteOp> batch) {
    StringBuilder b = new StringBuilder("write a batch of " + batch.size() + " operations on keys ");
    for (int i = 0; i < Math.min(3, batch.size()); i++) {
      b.append(i == 0 ? "'" : ", '").append(batch.get(i).key()).append("'");
    }
    return b.append(batch.size() > 3 ? ", ..." : "").toString();
  }

  /** Closes the SDK client. Idempotent. */
  @Override
  public void close() {
    link.close();
  }
}
