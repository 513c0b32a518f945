package io.jointflow.dynamodb;

import static io.jointflow.dynamodb.Layout.s;

import io.jointflow.spi.StoreException;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The store's reads: strongly consistent {@code GetItem} and {@code Query} calls, paged, and a
 * value put together from its parts.
 */
final class Reads {
  private final DynamoLink link;
  private final Layout layout;
  private final String table;

  Reads(DynamoLink link, Layout layout) {
    this.link = link;
    this.layout = layout;
    this.table = link.table();
  }

  /** The item under {@code key}, or {@code null}. */
  Map<String, AttributeValue> read(String what, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item = link.call(what, false, c -> c.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item());
    return item == null || item.isEmpty() ? null : item;
  }

  /** The items that exist among {@code keys} (at most 100), strongly consistent, by sort key. */
  Map<String, Map<String, AttributeValue>> readAll(String what, List<Map<String, AttributeValue>> keys) {
    Map<String, Map<String, AttributeValue>> out = new HashMap<>();
    List<Map<String, AttributeValue>> left = keys;
    for (int round = 0; !left.isEmpty(); round++) {
      if (round == 50) {
        throw new StoreException(link.label() + " cannot " + what + ": DynamoDB left keys unread in 50 rounds (retryable)", null, true);
      }
      List<Map<String, AttributeValue>> ask = left;
      BatchGetItemResponse r = link.call(what, false, c -> c.batchGetItem(b -> b.requestItems(
          Map.of(table, KeysAndAttributes.builder().keys(ask).consistentRead(true).build()))));
      r.responses().getOrDefault(table, List.of()).forEach(item -> out.put(item.get(Layout.SK).s(), item));
      KeysAndAttributes unread = r.unprocessedKeys().get(table);
      left = unread == null || !unread.hasKeys() ? List.of() : unread.keys();
    }
    return out;
  }

  /** The whole value of a head item, or {@code null} if its parts are gone (it changed meanwhile). */
  byte[] assemble(String key, Map<String, AttributeValue> head) {
    byte[] first = head.get("v").b().asByteArray();
    Plan.Parts parts = Plan.Parts.of(head);
    if (parts.count() == 0) {
      return first;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + parts.count() * Layout.INLINE);
    out.writeBytes(first);
    int[] seen = {0};
    query("read key '" + key + "'", QueryRequest.builder().tableName(table)
        .keyConditionExpression("pk = :pk AND begins_with(sk, :c)")
        .expressionAttributeValues(Map.of(":pk", s(layout.chunkPk(key)), ":c", s(parts.cid() + "#"))), Integer.MAX_VALUE, item -> {
          out.writeBytes(item.get("v").b().asByteArray());
          seen[0]++;
          return true;
        });
    return seen[0] == parts.count() ? out.toByteArray() : null;
  }

  /** Pages through a query, strongly consistent; {@code each} returns false to stop. */
  void query(String what, QueryRequest.Builder request, int pageLimit, java.util.function.Predicate<Map<String, AttributeValue>> each) {
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder r = request.consistentRead(true).limit(Math.min(pageLimit, 1000));
      r.exclusiveStartKey(start);
      QueryResponse page = link.call(what, false, c -> c.query(r.build()));
      for (Map<String, AttributeValue> item : page.items()) {
        if (!each.test(item)) {
          return;
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
  }

  /** Items of kind {@code kind} whose keys start with {@code prefix}, in key order, after {@code startAfter}. */
  void scanKind(char kind, String prefix, String startAfter, int limit, Consumer<Map<String, AttributeValue>> each) {
    scanKind(kind, prefix, startAfter, limit, false, each);
  }

  /**
   * As {@link #scanKind(char, String, String, int, Consumer)}; with {@code keysOnly} the items carry
   * only what names them and their parts ({@code pk}, {@code sk}, {@code k}, {@code cid}, {@code
   * parts}), not their values.
   */
  void scanKind(char kind, String prefix, String startAfter, int limit, boolean keysOnly,
      Consumer<Map<String, AttributeValue>> each) {
    Map<String, AttributeValue> start = null;
    if (startAfter != null && !startAfter.startsWith(prefix)) {
      if (compareCodePoints(startAfter, prefix) > 0) {
        return;
      }
    } else if (startAfter != null) {
      start = Layout.key(layout.namespacePk(), Layout.sortKey(kind, startAfter));
    }
    if (limit <= 0) {
      return;
    }
    QueryRequest.Builder request = QueryRequest.builder().tableName(table)
        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :p)")
        .expressionAttributeValues(Map.of(":pk", s(layout.namespacePk()), ":p", s(Layout.sortPrefix(kind, prefix))));
    if (keysOnly) {
      request.projectionExpression("#pk, #sk, #k, #cid, #parts")
          .expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk", "#k", "k", "#cid", "cid", "#parts", "parts"));
    } else {
      request.expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk"));
    }
    int left = limit;
    do {
      QueryRequest r = request.consistentRead(true).limit(Math.min(left, 1000)).exclusiveStartKey(start).build();
      QueryResponse page = link.call("scan prefix '" + prefix + "'", false, c -> c.query(r));
      for (Map<String, AttributeValue> item : page.items()) {
        if (Layout.storeKey(item).startsWith(prefix)) {
          each.accept(item);
          if (--left == 0) {
            return;
          }
        }
      }
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
  }


  private static int compareCodePoints(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
