package io.jointflow.dynamodb;

import static io.jointflow.dynamodb.Layout.b;
import static io.jointflow.dynamodb.Layout.n;
import static io.jointflow.dynamodb.Layout.s;

import io.jointflow.spi.SetAdd;
import io.jointflow.spi.WriteOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One attempt at a batch: the {@code TransactWriteItems} items of its operations, in batch order,
 * and for every item what a failed condition on it means ({@link Check}).
 *
 * <p>Conditions are optimistic where that saves a read: a compare-and-set or delete assumes the
 * value has no extra parts unless an earlier attempt saw some ({@code hints}); a failed condition
 * returns the item as it was ({@code ALL_OLD}), which tells a real condition failure from a stale
 * assumption. Set operations read the set header and member items first.
 */
final class Plan {
  /** What a failed condition on an item means, given the item as it was ({@code null}: absent). */
  enum Meaning { FAILED, STALE, OVERFLOW }

  /** Classifies a failed condition of one item. */
  interface Check {
    Meaning meaning(Map<String, AttributeValue> old);
  }

  /** The parts of a value as last seen: its chunk id and number of extra items, or none. */
  record Parts(String cid, int count) {
    static final Parts NONE = new Parts(null, 0);

    static Parts of(Map<String, AttributeValue> head) {
      if (head == null || !head.containsKey("cid")) {
        return NONE;
      }
      return new Parts(head.get("cid").s(), (int) Layout.number(head, "parts"));
    }
  }

  /** Reads a set's header and member items before the batch is planned. */
  interface Reader {
    /** The item, or {@code null} if absent. */
    Map<String, AttributeValue> read(Map<String, AttributeValue> key);

    /** The items that exist among {@code keys} (at most 100, one partition), strongly consistent, by sort key. */
    Map<String, Map<String, AttributeValue>> readAll(List<Map<String, AttributeValue>> keys);
  }

  private final String table;
  private final Layout layout;
  private final Map<String, Parts> hints;
  private final Map<String, Long> nextPositions;
  private final Map<String, Long> memberPositions;
  private final Reader reader;
  private final Map<Integer, String> setKeys = new HashMap<>();
  final List<TransactWriteItem> items = new ArrayList<>();
  final List<Integer> opOf = new ArrayList<>();
  final List<Check> checks = new ArrayList<>();
  final Map<Integer, SetAdd> setAdds = new HashMap<>();

  /**
   * A plan; {@code hints}, {@code nextPositions} (a set's next position, as last seen) and {@code
   * memberPositions} (set key, NUL, member: its position) carry what failed attempts learnt.
   */
  Plan(String table, Layout layout, Hints hints, Reader reader) {
    this.table = table;
    this.layout = layout;
    this.hints = hints.parts();
    this.nextPositions = hints.nextPositions();
    this.memberPositions = hints.memberPositions();
    this.reader = reader;
  }

  /** What the attempts at one batch learnt about the items it writes. */
  record Hints(Map<String, Parts> parts, Map<String, Long> nextPositions, Map<String, Long> memberPositions) {}

  void add(int index, WriteOp op) {
    switch (op) {
      case WriteOp.PutIfAbsent p -> putValue(index, p.key(), p.value(), 0, old -> Meaning.FAILED);
      case WriteOp.CompareAndSet c when c.expectedVersion() == 0 -> putValue(index, c.key(), c.value(), 0, old -> Meaning.FAILED);
      case WriteOp.CompareAndSet c -> putValue(index, c.key(), c.value(), c.expectedVersion(), old -> {
        if (old == null || Layout.number(old, "ver") != c.expectedVersion()) {
          return Meaning.FAILED;
        }
        hints.put(c.key(), Parts.of(old));
        return Meaning.STALE;
      });
      case WriteOp.RequireAbsent r -> item(index, TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
          .key(layout.itemKey('v', r.key())).conditionExpression("attribute_not_exists(pk)").build()).build(), old -> Meaning.FAILED);
      case WriteOp.Delete d -> deleteValue(index, d.key());
      case WriteOp.Increment i -> increment(index, i);
      case WriteOp.AddToSet a -> {
        setKeys.put(index, a.key());
        addToSet(index, a);
      }
      case WriteOp.RemoveFromSet r -> removeFromSet(index, r);
    }
  }

  private void item(int index, TransactWriteItem item, Check check) {
    items.add(item);
    opOf.add(index);
    checks.add(check);
  }

  private void putValue(int index, String key, byte[] value, long expected, Check check) {
    Map<String, AttributeValue> head = layout.itemKey('v', key);
    if (Layout.isCut(key)) {
      head.put("k", s(key));
    }
    head.put("ver", n(expected + 1));
    int inline = Math.min(value.length, Layout.INLINE);
    head.put("v", b(java.util.Arrays.copyOf(value, inline)));
    String cid = null;
    int parts = (value.length - inline + Layout.INLINE - 1) / Layout.INLINE;
    if (parts > 0) {
      cid = UUID.randomUUID().toString();
      head.put("cid", s(cid));
      head.put("parts", n(parts));
    }
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    String condition;
    Parts old = Parts.NONE;
    if (expected == 0) {
      condition = "attribute_not_exists(pk)";
    } else {
      old = hints.getOrDefault(key, Parts.NONE);
      names.put("#ver", "ver");
      values.put(":e", n(expected));
      condition = "#ver = :e AND " + partsCondition(old, names, values);
    }
    Put.Builder put = Put.builder().tableName(table).item(head).conditionExpression(condition)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    if (!names.isEmpty()) {
      put.expressionAttributeNames(names);
    }
    if (!values.isEmpty()) {
      put.expressionAttributeValues(values);
    }
    item(index, TransactWriteItem.builder().put(put.build()).build(), check);
    for (int i = 0; i < parts; i++) {
      int from = inline + i * Layout.INLINE;
      Map<String, AttributeValue> chunk = Layout.key(layout.chunkPk(key), cid + "#" + String.format("%05d", i));
      chunk.put("v", b(java.util.Arrays.copyOfRange(value, from, Math.min(value.length, from + Layout.INLINE))));
      item(index, TransactWriteItem.builder().put(Put.builder().tableName(table).item(chunk).build()).build(), o -> Meaning.STALE);
    }
    deleteParts(index, key, old);
  }

  private static String partsCondition(Parts old, Map<String, String> names, Map<String, AttributeValue> values) {
    names.put("#cid", "cid");
    if (old.cid() == null) {
      return "attribute_not_exists(#cid)";
    }
    values.put(":cid", s(old.cid()));
    return "#cid = :cid";
  }

  private void deleteParts(int index, String key, Parts old) {
    for (int i = 0; i < old.count(); i++) {
      item(index, TransactWriteItem.builder().delete(Delete.builder().tableName(table)
          .key(Layout.key(layout.chunkPk(key), old.cid() + "#" + String.format("%05d", i))).build()).build(), o -> Meaning.STALE);
    }
  }

  private void deleteValue(int index, String key) {
    Parts old = hints.getOrDefault(key, Parts.NONE);
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    String condition = partsCondition(old, names, values);
    Delete.Builder del = Delete.builder().tableName(table).key(layout.itemKey('v', key)).conditionExpression(condition)
        .expressionAttributeNames(names).returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    if (!values.isEmpty()) {
      del.expressionAttributeValues(values);
    }
    item(index, TransactWriteItem.builder().delete(del.build()).build(), o -> {
      hints.put(key, Parts.of(o));
      return Meaning.STALE;
    });
    deleteParts(index, key, old);
  }

  private void increment(int index, WriteOp.Increment op) {
    BigInteger d = BigInteger.valueOf(op.delta());
    BigInteger hi = BigInteger.valueOf(Math.min(Long.MAX_VALUE, op.max())).subtract(d);
    BigInteger lo = BigInteger.valueOf(Long.MIN_VALUE).subtract(d.min(BigInteger.ZERO));
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":d", n(op.delta()));
    values.put(":lo", AttributeValue.fromN(lo.toString()));
    values.put(":hi", AttributeValue.fromN(hi.toString()));
    String condition = "#n BETWEEN :lo AND :hi";
    if (op.delta() <= op.max()) {
      condition = "attribute_not_exists(#n) OR " + condition;
    }
    item(index, TransactWriteItem.builder().update(Update.builder().tableName(table).key(layout.itemKey('n', op.key()))
        .updateExpression("ADD #n :d").conditionExpression(condition).expressionAttributeNames(Map.of("#n", "n"))
        .expressionAttributeValues(values).returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build()).build(), old -> {
          BigInteger sum = BigInteger.valueOf(old == null ? 0 : Layout.number(old, "n")).add(d);
          return sum.bitLength() > 63 ? Meaning.OVERFLOW : Meaning.FAILED;
        });
  }

  private void addToSet(int index, WriteOp.AddToSet op) {
    String setPk = layout.setPk(op.key());
    Map<String, AttributeValue> memberKey = Layout.key(setPk, Layout.memberSk(op.member()));
    String memberHint = op.key() + "\u0000" + op.member();
    Long pos = memberPositions.get(memberHint);
    if (pos != null) {
      // An earlier attempt found the member: the add changes nothing if it is still there.
      setAdds.put(index, new SetAdd(pos, false));
      item(index, TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(memberKey)
          .conditionExpression("#pos = :p").expressionAttributeNames(Map.of("#pos", "pos"))
          .expressionAttributeValues(Map.of(":p", n(pos))).build()).build(), o -> {
            memberPositions.remove(memberHint);
            return Meaning.STALE;
          });
      return;
    }
    Map<String, AttributeValue> headerKey = layout.itemKey('s', op.key());
    Long known = nextPositions.get(op.key());
    long next = known != null ? known : Layout.number(reader.read(headerKey), "nx");
    Check header = old -> {
      nextPositions.put(op.key(), Layout.number(old, "nx"));
      return Meaning.STALE;
    };
    Map<String, AttributeValue> values = new HashMap<>();
    String condition = "attribute_not_exists(pk)";
    if (next > 0) {
      values.put(":n", n(next));
      condition = "#nx = :n";
    }
    if (next >= op.limit()) {
      // Fails only if the set has assigned the positions assumed and the member is still absent.
      ConditionCheck.Builder check = ConditionCheck.builder().tableName(table).key(headerKey).conditionExpression(condition)
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
      if (next > 0) {
        check.expressionAttributeNames(Map.of("#nx", "nx")).expressionAttributeValues(values);
      }
      item(index, TransactWriteItem.builder().conditionCheck(check.build()).build(), header);
      item(index, TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(memberKey)
          .conditionExpression("attribute_exists(pk)").build()).build(), o -> Meaning.FAILED);
      return;
    }
    setAdds.put(index, new SetAdd(next, true));
    values.put(":n1", n(next + 1));
    String set = "SET #nx = :n1";
    Map<String, String> names = new HashMap<>(Map.of("#nx", "nx"));
    if (Layout.isCut(op.key())) {
      set += ", #k = :k";
      values.put(":k", s(op.key()));
      names.put("#k", "k");
    }
    item(index, TransactWriteItem.builder().update(Update.builder().tableName(table).key(headerKey).updateExpression(set)
        .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(), header);
    Map<String, AttributeValue> m = new HashMap<>(memberKey);
    m.put("pos", n(next));
    m.put("m", s(op.member()));
    item(index, TransactWriteItem.builder().put(Put.builder().tableName(table).item(m).conditionExpression("attribute_not_exists(pk)")
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(), old -> {
          memberPositions.put(memberHint, Layout.number(old, "pos"));
          return Meaning.STALE;
        });
    Map<String, AttributeValue> p = Layout.key(setPk, Layout.positionSk(next));
    p.put("m", s(op.member()));
    p.put("v", b(op.value()));
    item(index, TransactWriteItem.builder().put(Put.builder().tableName(table).item(p).build()).build(), o -> Meaning.STALE);
  }

  /** After a commit: the next positions of the sets this plan added to, for the store's cache. */
  void committed(Map<String, Long> cache) {
    setAdds.forEach((i, add) -> {
      if (add.added()) {
        cache.merge(setKeys.get(i), add.position() + 1, Math::max);
      }
    });
  }

  private void removeFromSet(int index, WriteOp.RemoveFromSet op) {
    String setPk = layout.setPk(op.key());
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (String name : new LinkedHashSet<>(op.members())) {
      keys.add(Layout.key(setPk, Layout.memberSk(name)));
    }
    Map<String, Map<String, AttributeValue>> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += 100) {
      found.putAll(reader.readAll(keys.subList(from, Math.min(keys.size(), from + 100))));
    }
    for (Map<String, AttributeValue> memberKey : keys) {
      Map<String, AttributeValue> member = found.get(memberKey.get(Layout.SK).s());
      if (member == null) {
        continue;
      }
      long pos = Layout.number(member, "pos");
      item(index, TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(memberKey)
          .conditionExpression("#pos = :p").expressionAttributeNames(Map.of("#pos", "pos"))
          .expressionAttributeValues(Map.of(":p", n(pos))).build()).build(), o -> Meaning.STALE);
      item(index, TransactWriteItem.builder().delete(Delete.builder().tableName(table)
          .key(Layout.key(setPk, Layout.positionSk(pos))).build()).build(), o -> Meaning.STALE);
    }
  }

}
