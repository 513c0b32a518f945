package io.jointflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables of {@link DynamoDbStandIn}: items by partition key and then by sort key in UTF-8 byte
 * order, the checks of one write (its condition, update and size) and queries. Not thread safe:
 * the server runs one request at a time.
 */
final class DynamoTables {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";
  static final int MAX_ITEM = 400 * 1024;
  private final Map<String, ObjectNode> tables = new HashMap<>();
  private final Map<String, Map<String, TreeMap<String, ObjectNode>>> data = new HashMap<>();

  boolean exists(String name) {
    return tables.containsKey(name);
  }

  ObjectNode table(String name) {
    ObjectNode t = tables.get(name);
    if (t == null) {
      throw new Failure("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
    }
    return t;
  }

  String[] keyNames(String table) {
    String[] names = new String[2];
    for (JsonNode k : table(table).get("KeySchema")) {
      names[k.get("KeyType").asText().equals("HASH") ? 0 : 1] = k.get("AttributeName").asText();
    }
    return names;
  }

  private Map<String, TreeMap<String, ObjectNode>> partitions(String table) {
    table(table);
    return data.computeIfAbsent(table, t -> new HashMap<>());
  }

  static String part(JsonNode key, String name, int maxBytes) {
    JsonNode v = key == null ? null : key.get(name);
    if (v == null || !v.has("S")) {
      throw new Failure("ValidationException", "The provided key element does not match the schema");
    }
    String s = v.get("S").asText();
    if (s.getBytes(StandardCharsets.UTF_8).length > maxBytes || s.isEmpty()) {
      throw new Failure("ValidationException", "One or more parameter values were invalid: Size of key " + name
          + " is not between 1 and " + maxBytes + " bytes");
    }
    return s;
  }

  ObjectNode get(String table, JsonNode key) {
    String[] k = keyNames(table);
    TreeMap<String, ObjectNode> p = partitions(table).get(part(key, k[0], 2048));
    return p == null ? null : p.get(part(key, k[1], 1024));
  }

  /** As DynamoDB: placeholders ({@code #name}, {@code :value}) given must be used, and not given empty. */
  static void checkPlaceholders(JsonNode r) {
    StringBuilder text = new StringBuilder();
    for (String e : List.of("ConditionExpression", "UpdateExpression", "KeyConditionExpression", "ProjectionExpression", "FilterExpression")) {
      text.append(' ').append(r.path(e).asText(""));
    }
    for (String map : List.of("ExpressionAttributeNames", "ExpressionAttributeValues")) {
      JsonNode m = r.get(map);
      if (m == null || m.isNull()) {
        continue;
      }
      if (m.isEmpty()) {
        throw new Failure("ValidationException", map + " must not be empty");
      }
      m.fieldNames().forEachRemaining(name -> {
        if (!java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(text).find()) {
          throw new Failure("ValidationException", "Value provided in " + map + " unused in expressions: keys: {" + name + "}");
        }
      });
    }
  }

  /** One write of a transaction or a single call, checked but not yet applied. */
  record Write(String table, ObjectNode key, ObjectNode old, ObjectNode next, boolean writes, boolean ok, List<String> updated) {}

  Write plan(String kind, ObjectNode a) {
    String table = a.path("TableName").asText();
    String[] k = keyNames(table);
    ObjectNode key = JSON.createObjectNode();
    JsonNode source = kind.equals("Put") ? a.get("Item") : a.get("Key");
    if (source == null) {
      throw new Failure("ValidationException", kind + " needs " + (kind.equals("Put") ? "Item" : "Key"));
    }
    key.set(k[0], source.get(k[0]));
    key.set(k[1], source.get(k[1]));
    part(key, k[0], 2048);
    part(key, k[1], 1024);
    ObjectNode old = get(table, key);
    Map<String, String> names = new HashMap<>();
    a.path("ExpressionAttributeNames").properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
    Map<String, JsonNode> values = new HashMap<>();
    a.path("ExpressionAttributeValues").properties().forEach(e -> values.put(e.getKey(), e.getValue()));
    boolean ok = !a.has("ConditionExpression")
        || DynamoExpressions.condition(a.get("ConditionExpression").asText(), names, values, old);
    ObjectNode next = old;
    List<String> updated = List.of();
    switch (kind) {
      case "Put" -> next = (ObjectNode) a.get("Item").deepCopy();
      case "Delete" -> next = null;
      case "Update" -> {
        next = old == null ? key.deepCopy() : old.deepCopy();
        if (a.has("UpdateExpression")) {
          updated = DynamoExpressions.update(a.get("UpdateExpression").asText(), names, values, next);
          if (updated.contains(k[0]) || updated.contains(k[1])) {
            throw new Failure("ValidationException", "One or more parameter values were invalid: Cannot update attribute "
                + k[0] + ". This attribute is part of the key");
          }
        }
      }
      case "ConditionCheck" -> { }
      default -> throw new Failure("ValidationException", "unknown action " + kind);
    }
    if (next != null && size(next) > MAX_ITEM) {
      throw new Failure("ValidationException", "Item size has exceeded the maximum allowed size");
    }
    return new Write(table, key, old, next, !kind.equals("ConditionCheck"), ok, updated);
  }

  void replay(ObjectNode change) {
    if (change.has("create")) {
      ObjectNode t = (ObjectNode) change.get("create");
      tables.put(t.get("TableName").asText(), t);
      return;
    }
    String table = change.get("t").asText();
    String[] k = keyNames(table);
    JsonNode item = change.has("put") ? change.get("put") : change.get("del");
    String pk = item.get(k[0]).get("S").asText();
    String sk = item.get(k[1]).get("S").asText();
    Map<String, TreeMap<String, ObjectNode>> parts = partitions(table);
    if (change.has("put")) {
      parts.computeIfAbsent(pk, x -> new TreeMap<>(DynamoExpressions::compareCodePoints)).put(sk, (ObjectNode) item);
    } else {
      TreeMap<String, ObjectNode> p = parts.get(pk);
      if (p != null) {
        p.remove(sk);
        if (p.isEmpty()) {
          parts.remove(pk);
        }
      }
    }
  }

  JsonNode query(ObjectNode r) {
    String table = r.path("TableName").asText();
    String[] k = keyNames(table);
    Map<String, String> names = new HashMap<>();
    r.path("ExpressionAttributeNames").properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
    Map<String, JsonNode> values = new HashMap<>();
    r.path("ExpressionAttributeValues").properties().forEach(e -> values.put(e.getKey(), e.getValue()));
    String condition = r.path("KeyConditionExpression").asText();
    String pk = pkOf(condition, k[0], names, values);
    TreeMap<String, ObjectNode> p = partitions(table).getOrDefault(pk, new TreeMap<>(DynamoExpressions::compareCodePoints));
    // Like DynamoDB, read only from where the sort key condition can first hold: a begins_with
    // prefix is a seek in the sorted partition, not a walk from its first item.
    String prefix = skPrefixOf(condition, k[1], names, values);
    Map<String, ObjectNode> from = prefix == null ? p : p.tailMap(prefix, true);
    JsonNode start = r.get("ExclusiveStartKey");
    if (start != null && !start.isNull() && !start.isEmpty()) {
      if (!pk.equals(part(start, k[0], 2048))) {
        throw new Failure("ValidationException", "The provided starting key is invalid");
      }
      String after = part(start, k[1], 1024);
      from = prefix == null || DynamoExpressions.compareCodePoints(after, prefix) >= 0 ? p.tailMap(after, false) : from;
    }
    int limit = r.has("Limit") ? r.get("Limit").asInt() : Integer.MAX_VALUE;
    ObjectNode reply = JSON.createObjectNode();
    ArrayNode out = reply.putArray("Items");
    long bytes = 0;
    boolean matched = false;
    ObjectNode last = null;
    boolean more = false;
    for (ObjectNode item : from.values()) {
      if (out.size() >= limit || bytes >= 1024 * 1024) {
        more = true;
        break;
      }
      if (DynamoExpressions.condition(condition, names, values, item)) {
        matched = true;
        out.add(project(item, r.path("ProjectionExpression").asText(""), names));
        bytes += size(item); // the 1 MB page counts what was read, before projection
        last = item;
      } else if (matched) {
        break; // key conditions select one contiguous range of sort keys
      }
    }
    reply.put("Count", out.size()).put("ScannedCount", out.size());
    if (more && last != null) {
      ObjectNode lek = reply.putObject("LastEvaluatedKey");
      lek.set(k[0], last.get(k[0]));
      lek.set(k[1], last.get(k[1]));
    }
    return reply;
  }

  /** {@code item} with only the top-level attributes a projection expression names (all without one). */
  private static ObjectNode project(ObjectNode item, String projection, Map<String, String> names) {
    if (projection.isBlank()) {
      return item;
    }
    ObjectNode out = JSON.createObjectNode();
    for (String path : projection.split(",")) {
      String name = path.strip();
      name = name.startsWith("#") ? names.get(name) : name;
      if (name == null) {
        throw new Failure("ValidationException", "An expression attribute name used in the document path is not defined: " + path);
      }
      if (item.has(name)) {
        out.set(name, item.get(name));
      }
    }
    return out;
  }

  /** The prefix of a key condition's {@code begins_with(SK, :p)} on the sort key, or null. */
  private static String skPrefixOf(String condition, String skName, Map<String, String> names,
      Map<String, JsonNode> values) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("begins_with\\s*\\(\\s*([#A-Za-z_][A-Za-z0-9_]*)\\s*,\\s*(:[A-Za-z0-9_]+)\\s*\\)").matcher(condition);
    while (m.find()) {
      String name = m.group(1).startsWith("#") ? names.get(m.group(1)) : m.group(1);
      if (skName.equals(name) && values.containsKey(m.group(2)) && values.get(m.group(2)).has("S")) {
        return values.get(m.group(2)).get("S").asText();
      }
    }
    return null;
  }

  /** The partition key value of a key condition {@code PK = :v AND ...}. */
  private static String pkOf(String condition, String pkName, Map<String, String> names, Map<String, JsonNode> values) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([#A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(:[A-Za-z0-9_]+)").matcher(condition);
    while (m.find()) {
      String name = m.group(1).startsWith("#") ? names.get(m.group(1)) : m.group(1);
      if (pkName.equals(name) && values.containsKey(m.group(2))) {
        return values.get(m.group(2)).path("S").asText();
      }
    }
    throw new Failure("ValidationException", "Query condition missed key schema element: " + pkName);
  }

  /** An item's size as DynamoDB counts it, near enough: names and values in bytes. */
  static long size(JsonNode item) {
    long n = 0;
    for (var f : item.properties()) {
      n += f.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(f.getValue());
    }
    return n;
  }

  private static long valueSize(JsonNode v) {
    if (v.has("S")) {
      return v.get("S").asText().getBytes(StandardCharsets.UTF_8).length;
    }
    if (v.has("B")) {
      return java.util.Base64.getDecoder().decode(v.get("B").asText()).length;
    }
    if (v.has("N")) {
      return v.get("N").asText().length() / 2 + 1;
    }
    if (v.has("L")) {
      long n = 3;
      for (JsonNode e : v.get("L")) {
        n += 1 + valueSize(e);
      }
      return n;
    }
    return 1;
  }

  /** A DynamoDB error reply. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ObjectNode body;

    Failure(String type, String message) {
      this(JSON.createObjectNode().put("__type", PREFIX + type).put("message", message));
    }

    Failure(ObjectNode body) {
      super(body.toString(), null, false, false);
      this.body = body;
    }
  }
}
