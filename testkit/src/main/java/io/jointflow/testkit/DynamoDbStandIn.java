package io.jointflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A DynamoDB stand-in: an HTTP server speaking DynamoDB's JSON protocol ({@code
 * X-Amz-Target: DynamoDB_20120810.*}) for the calls the Jointflow DynamoDB store makes: {@code
 * CreateTable}, {@code DescribeTable}, {@code GetItem}, {@code PutItem}, {@code DeleteItem}, {@code
 * UpdateItem}, {@code Query} and {@code TransactWriteItems}, with DynamoDB's rules as documented:
 * conditions, strongly consistent reads, sort keys in UTF-8 byte order, 1 MB query pages, items of
 * at most 400 KB, keys of at most 2,048 / 1,024 bytes, transactions of at most 100 distinct items and
 * 4 MB that commit whole or not at all and report a cancellation reason per item (with the old
 * item on {@code ALL_OLD}). Every request runs alone (one lock), so no transaction conflicts.
 *
 * <p>It exists because AWS's DynamoDB Local is under the vendor's own licence, which this project
 * does not use; it is a stand-in written from DynamoDB's public API reference, not DynamoDB.
 * With {@code --dir D} it appends every committed change to {@code D/dynamodb.log} and forces it to
 * disk before it answers, and replays the log when it starts, so it survives SIGKILL. With {@code
 * --access-key K} it refuses other access keys as DynamoDB refuses unknown ones ({@code
 * UnrecognizedClientException}); it checks no signature.
 *
 * <p>Run: {@code java -cp CLASSPATH io.jointflow.testkit.DynamoDbStandIn --port P [--dir D]
 * [--access-key K]}; started by {@link DynamoDbServer}.
 */
public final class DynamoDbStandIn {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";
  static final int MAX_ITEM = 400 * 1024;
  private final Map<String, ObjectNode> tables = new HashMap<>();
  private final Map<String, Map<String, TreeMap<String, ObjectNode>>> data = new HashMap<>();
  private final String accessKey;
  private final FileOutputStream log;

  private DynamoDbStandIn(Path dir, String accessKey) throws IOException {
    this.accessKey = accessKey;
    if (dir == null) {
      log = null;
      return;
    }
    Path file = dir.resolve("dynamodb.log");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          replay((ObjectNode) JSON.readTree(line));
        }
      }
    }
    log = new FileOutputStream(file.toFile(), true);
  }

  /** Starts the server; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    int port = 0;
    Path dir = null;
    String key = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--access-key" -> key = args[i + 1];
        default -> throw new IllegalArgumentException("unknown argument: " + args[i] + " (known: --port, --dir, --access-key)");
      }
    }
    DynamoDbStandIn standIn = new DynamoDbStandIn(dir, key);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", standIn::handle);
    server.start();
    System.out.println("dynamodb stand-in listening on 127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }

  private void handle(HttpExchange x) throws IOException {
    int status = 200;
    JsonNode reply;
    try (InputStream in = x.getRequestBody()) {
      String target = x.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (accessKey != null && (auth == null || !auth.contains("Credential=" + accessKey + "/"))) {
        throw new Failure("UnrecognizedClientException", "The security token included in the request is invalid.");
      }
      if (target == null || !target.startsWith("DynamoDB_20120810.")) {
        throw new Failure("UnknownOperationException", "no X-Amz-Target");
      }
      ObjectNode request = (ObjectNode) JSON.readTree(in);
      synchronized (this) {
        reply = dispatch(target.substring("DynamoDB_20120810.".length()), request);
      }
    } catch (Failure f) {
      status = 400;
      reply = f.body;
    } catch (DynamoExpressions.Invalid e) {
      status = 400;
      reply = new Failure("ValidationException", e.getMessage()).body;
    } catch (RuntimeException e) {
      status = 500;
      reply = new Failure("InternalServerError", String.valueOf(e)).body;
    }
    byte[] body = JSON.writeValueAsBytes(reply);
    x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private JsonNode dispatch(String op, ObjectNode r) throws IOException {
    if (r.has("TransactItems")) {
      for (JsonNode item : r.get("TransactItems")) {
        checkPlaceholders(item.get(item.fieldNames().next()));
      }
    } else {
      checkPlaceholders(r);
    }
    return switch (op) {
      case "CreateTable" -> createTable(r);
      case "DescribeTable" -> JSON.createObjectNode().set("Table", table(r.path("TableName").asText()));
      case "GetItem" -> {
        ObjectNode item = get(r.path("TableName").asText(), r.get("Key"));
        yield item == null ? JSON.createObjectNode() : JSON.createObjectNode().set("Item", item);
      }
      case "PutItem", "DeleteItem", "UpdateItem" -> single(op, r);
      case "Query" -> query(r);
      case "TransactWriteItems" -> transact(r);
      default -> throw new Failure("UnknownOperationException", "the stand-in does not implement " + op);
    };
  }

  private JsonNode createTable(ObjectNode r) throws IOException {
    String name = r.path("TableName").asText();
    if (tables.containsKey(name)) {
      throw new Failure("ResourceInUseException", "Table already exists: " + name);
    }
    ObjectNode t = JSON.createObjectNode();
    t.put("TableName", name).put("TableStatus", "ACTIVE").put("ItemCount", 0);
    t.set("KeySchema", r.get("KeySchema"));
    t.set("AttributeDefinitions", r.get("AttributeDefinitions"));
    t.putObject("BillingModeSummary").put("BillingMode", r.path("BillingMode").asText("PROVISIONED"));
    persist(List.of(JSON.createObjectNode().set("create", t)));
    tables.put(name, t);
    return JSON.createObjectNode().set("TableDescription", t);
  }

  private ObjectNode table(String name) {
    ObjectNode t = tables.get(name);
    if (t == null) {
      throw new Failure("ResourceNotFoundException", "Requested resource not found: Table: " + name + " not found");
    }
    return t;
  }

  private String[] keyNames(String table) {
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

  private static String part(JsonNode key, String name, int maxBytes) {
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

  private ObjectNode get(String table, JsonNode key) {
    String[] k = keyNames(table);
    TreeMap<String, ObjectNode> p = partitions(table).get(part(key, k[0], 2048));
    return p == null ? null : p.get(part(key, k[1], 1024));
  }

  /** As DynamoDB: placeholders ({@code #name}, {@code :value}) given must be used, and not given empty. */
  private static void checkPlaceholders(JsonNode r) {
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
  private record Write(String table, ObjectNode key, ObjectNode old, ObjectNode next, boolean writes, boolean ok, List<String> updated) {}

  private Write plan(String kind, ObjectNode a) {
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
    a.path("ExpressionAttributeNames").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
    Map<String, JsonNode> values = new HashMap<>();
    a.path("ExpressionAttributeValues").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
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

  private void apply(List<Write> writes) throws IOException {
    List<ObjectNode> changes = new ArrayList<>();
    for (Write w : writes) {
      if (w.writes()) {
        changes.add(w.next() == null
            ? JSON.createObjectNode().put("t", w.table()).set("del", w.key())
            : JSON.createObjectNode().put("t", w.table()).set("put", w.next()));
      }
    }
    persist(changes);
    changes.forEach(this::replay);
  }

  private void replay(ObjectNode change) {
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

  private void persist(List<ObjectNode> changes) throws IOException {
    if (log == null || changes.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    for (ObjectNode c : changes) {
      b.append(JSON.writeValueAsString(c)).append('\n');
    }
    log.write(b.toString().getBytes(StandardCharsets.UTF_8));
    log.getChannel().force(false);
  }

  private JsonNode single(String op, ObjectNode r) throws IOException {
    Write w = plan(op.replace("Item", ""), r);
    if (!w.ok()) {
      ObjectNode body = new Failure("ConditionalCheckFailedException", "The conditional request failed").body;
      if ("ALL_OLD".equals(r.path("ReturnValuesOnConditionCheckFailure").asText()) && w.old() != null) {
        body.set("Item", w.old());
      }
      throw new Failure(body);
    }
    apply(List.of(w));
    ObjectNode reply = JSON.createObjectNode();
    String rv = r.path("ReturnValues").asText("NONE");
    if (rv.equals("ALL_OLD") && w.old() != null) {
      reply.set("Attributes", w.old());
    } else if (rv.equals("ALL_NEW") && w.next() != null) {
      reply.set("Attributes", w.next());
    } else if (rv.equals("UPDATED_NEW") && w.next() != null) {
      ObjectNode a = reply.putObject("Attributes");
      w.updated().forEach(n -> a.set(n, w.next().get(n)));
    }
    return reply;
  }

  private JsonNode transact(ObjectNode r) throws IOException {
    JsonNode items = r.get("TransactItems");
    if (items == null || items.isEmpty() || items.size() > 100) {
      throw new Failure("ValidationException", "1 validation error detected: Value at 'transactItems' failed to satisfy "
          + "constraint: Member must have length less than or equal to 100 and greater than or equal to 1");
    }
    long total = 0;
    List<Write> writes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode item : items) {
      String kind = item.fieldNames().next();
      Write w = plan(kind, (ObjectNode) item.get(kind));
      if (!seen.add(w.table() + "\u0000" + w.key())) {
        throw new Failure("ValidationException", "Transaction request cannot include multiple operations on one item");
      }
      total += w.next() == null ? 0 : size(w.next());
      writes.add(w);
    }
    if (total > 4L * 1024 * 1024) {
      throw new Failure("ValidationException", "Transaction size has exceeded the maximum allowed size of 4 MB");
    }
    if (writes.stream().allMatch(Write::ok)) {
      apply(writes);
      return JSON.createObjectNode();
    }
    ObjectNode body = new Failure("TransactionCanceledException", "").body;
    ArrayNode reasons = body.putArray("CancellationReasons");
    List<String> codes = new ArrayList<>();
    int i = 0;
    for (JsonNode item : items) {
      Write w = writes.get(i++);
      ObjectNode reason = reasons.addObject();
      if (w.ok()) {
        reason.put("Code", "None");
        codes.add("None");
      } else {
        reason.put("Code", "ConditionalCheckFailed").put("Message", "The conditional request failed");
        codes.add("ConditionalCheckFailed");
        JsonNode a = item.get(item.fieldNames().next());
        if ("ALL_OLD".equals(a.path("ReturnValuesOnConditionCheckFailure").asText()) && w.old() != null) {
          reason.set("Item", w.old());
        }
      }
    }
    body.put("Message", "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes);
    body.remove("message");
    throw new Failure(body);
  }

  private JsonNode query(ObjectNode r) {
    String table = r.path("TableName").asText();
    String[] k = keyNames(table);
    Map<String, String> names = new HashMap<>();
    r.path("ExpressionAttributeNames").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asText()));
    Map<String, JsonNode> values = new HashMap<>();
    r.path("ExpressionAttributeValues").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
    String condition = r.path("KeyConditionExpression").asText();
    String pk = pkOf(condition, k[0], names, values);
    TreeMap<String, ObjectNode> p = partitions(table).getOrDefault(pk, new TreeMap<>(DynamoExpressions::compareCodePoints));
    Map<String, ObjectNode> from = p;
    JsonNode start = r.get("ExclusiveStartKey");
    if (start != null && !start.isNull() && !start.isEmpty()) {
      if (!pk.equals(part(start, k[0], 2048))) {
        throw new Failure("ValidationException", "The provided starting key is invalid");
      }
      from = p.tailMap(part(start, k[1], 1024), false);
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
        out.add(item);
        bytes += size(item);
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
    var fields = item.fields();
    while (fields.hasNext()) {
      var f = fields.next();
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
  private static final class Failure extends RuntimeException {
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
