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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A DynamoDB stand-in: an HTTP server speaking DynamoDB's JSON protocol ({@code
 * X-Amz-Target: DynamoDB_20120810.*}) for the calls the Jointflow DynamoDB store makes: {@code
 * CreateTable}, {@code DescribeTable}, {@code GetItem}, {@code PutItem}, {@code DeleteItem}, {@code
 * UpdateItem}, {@code Query}, {@code BatchGetItem} and {@code TransactWriteItems}, with DynamoDB's rules as documented:
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
  private final DynamoTables tables = new DynamoTables();
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
          tables.replay((ObjectNode) JSON.readTree(line));
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
        throw new DynamoTables.Failure("UnrecognizedClientException", "The security token included in the request is invalid.");
      }
      if (target == null || !target.startsWith("DynamoDB_20120810.")) {
        throw new DynamoTables.Failure("UnknownOperationException", "no X-Amz-Target");
      }
      ObjectNode request = (ObjectNode) JSON.readTree(in);
      synchronized (this) {
        reply = dispatch(target.substring("DynamoDB_20120810.".length()), request);
      }
    } catch (DynamoTables.Failure f) {
      status = 400;
      reply = f.body;
    } catch (DynamoExpressions.Invalid e) {
      status = 400;
      reply = new DynamoTables.Failure("ValidationException", e.getMessage()).body;
    } catch (RuntimeException e) {
      status = 500;
      reply = new DynamoTables.Failure("InternalServerError", String.valueOf(e)).body;
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
        DynamoTables.checkPlaceholders(item.get(item.fieldNames().next()));
      }
    } else {
      DynamoTables.checkPlaceholders(r);
    }
    return switch (op) {
      case "CreateTable" -> createTable(r);
      case "DescribeTable" -> JSON.createObjectNode().set("Table", tables.table(r.path("TableName").asText()));
      case "GetItem" -> {
        ObjectNode item = tables.get(r.path("TableName").asText(), r.get("Key"));
        yield item == null ? JSON.createObjectNode() : JSON.createObjectNode().set("Item", item);
      }
      case "PutItem", "DeleteItem", "UpdateItem" -> single(op, r);
      case "Query" -> tables.query(r);
      case "BatchGetItem" -> batchGet(r);
      case "TransactWriteItems" -> transact(r);
      default -> throw new DynamoTables.Failure("UnknownOperationException", "the stand-in does not implement " + op);
    };
  }

  /** As DynamoDB: up to 100 distinct keys; every key read here, so no {@code UnprocessedKeys}. */
  private JsonNode batchGet(ObjectNode r) {
    ObjectNode reply = JSON.createObjectNode();
    ObjectNode responses = reply.putObject("Responses");
    int count = 0;
    for (var table : r.path("RequestItems").properties()) {
      ArrayNode out = responses.putArray(table.getKey());
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (JsonNode key : table.getValue().path("Keys")) {
        if (++count > 100 || !seen.add(key.toString())) {
          throw new DynamoTables.Failure("ValidationException", count > 100
              ? "Too many items requested for the BatchGetItem call" : "Provided list of item keys contains duplicates");
        }
        ObjectNode item = tables.get(table.getKey(), key);
        if (item != null) {
          out.add(item);
        }
      }
    }
    reply.putObject("UnprocessedKeys");
    return reply;
  }

  private JsonNode createTable(ObjectNode r) throws IOException {
    String name = r.path("TableName").asText();
    if (tables.exists(name)) {
      throw new DynamoTables.Failure("ResourceInUseException", "Table already exists: " + name);
    }
    ObjectNode t = JSON.createObjectNode();
    t.put("TableName", name).put("TableStatus", "ACTIVE").put("ItemCount", 0);
    t.set("KeySchema", r.get("KeySchema"));
    t.set("AttributeDefinitions", r.get("AttributeDefinitions"));
    t.putObject("BillingModeSummary").put("BillingMode", r.path("BillingMode").asText("PROVISIONED"));
    ObjectNode change = JSON.createObjectNode().set("create", t);
    persist(List.of(change));
    tables.replay(change);
    return JSON.createObjectNode().set("TableDescription", t);
  }

  private void apply(List<DynamoTables.Write> writes) throws IOException {
    List<ObjectNode> changes = new ArrayList<>();
    for (DynamoTables.Write w : writes) {
      if (w.writes()) {
        changes.add(w.next() == null
            ? JSON.createObjectNode().put("t", w.table()).set("del", w.key())
            : JSON.createObjectNode().put("t", w.table()).set("put", w.next()));
      }
    }
    persist(changes);
    changes.forEach(tables::replay);
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
    DynamoTables.Write w = tables.plan(op.replace("Item", ""), r);
    if (!w.ok()) {
      ObjectNode body = new DynamoTables.Failure("ConditionalCheckFailedException", "The conditional request failed").body;
      if ("ALL_OLD".equals(r.path("ReturnValuesOnConditionCheckFailure").asText()) && w.old() != null) {
        body.set("Item", w.old());
      }
      throw new DynamoTables.Failure(body);
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
      throw new DynamoTables.Failure("ValidationException", "1 validation error detected: Value at 'transactItems' failed to satisfy "
          + "constraint: Member must have length less than or equal to 100 and greater than or equal to 1");
    }
    long total = 0;
    List<DynamoTables.Write> writes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode item : items) {
      String kind = item.fieldNames().next();
      DynamoTables.Write w = tables.plan(kind, (ObjectNode) item.get(kind));
      if (!seen.add(w.table() + "\u0000" + w.key())) {
        throw new DynamoTables.Failure("ValidationException", "Transaction request cannot include multiple operations on one item");
      }
      total += w.next() == null ? 0 : DynamoTables.size(w.next());
      writes.add(w);
    }
    if (total > 4L * 1024 * 1024) {
      throw new DynamoTables.Failure("ValidationException", "Transaction size has exceeded the maximum allowed size of 4 MB");
    }
    if (writes.stream().allMatch(DynamoTables.Write::ok)) {
      apply(writes);
      return JSON.createObjectNode();
    }
    ObjectNode body = new DynamoTables.Failure("TransactionCanceledException", "").body;
    ArrayNode reasons = body.putArray("CancellationReasons");
    List<String> codes = new ArrayList<>();
    int i = 0;
    for (JsonNode item : items) {
      DynamoTables.Write w = writes.get(i++);
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
    throw new DynamoTables.Failure(body);
  }
}
