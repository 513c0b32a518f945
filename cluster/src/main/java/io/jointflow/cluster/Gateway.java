package io.jointflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster's front door: an HTTP API, protected by a bearer token, that starts runs of the
 * cluster's apps on a host which reaches every cloud through its workers ({@link
 * Jointflow.Builder#client}), follows runs of any of them, and returns their result, spans and cost. It holds no state of its own: everything it answers is
 * read from the clouds' stores, so it can be restarted at any time. The API is in {@code
 * docs/cluster.md}. Lifecycle: {@link #start}, then {@link #close()}. Thread safe.
 */
public final class Gateway implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
  /** Largest request body: a start request with its inputs. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private final Jointflow host;
  private final List<String> apps;
  private final GatewayOptions options;
  private final byte[] token;
  private final HttpServer http;
  private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong rejected = new AtomicLong();

  private Gateway(Jointflow host, List<String> apps, GatewayOptions options) throws IOException {
    this.host = host;
    this.apps = List.copyOf(apps);
    this.options = options;
    this.token = options.token().getBytes(StandardCharsets.UTF_8);
    this.http = io.jointflow.worker.HttpServers.create(new InetSocketAddress(options.host(), options.port()), 128);
    http.setExecutor(requests);
    http.createContext("/", this::handle);
  }

  /**
   * Binds the address and serves {@code apps}, deployed on {@code host}, until closed: it starts
   * runs of these apps only, and names them when asked for another.
   *
   * @throws JointflowException if the address cannot be bound
   * @throws IllegalArgumentException if {@code apps} is empty
   */
  public static Gateway start(Jointflow host, List<String> apps, GatewayOptions options) {
    if (apps.isEmpty()) {
      throw new IllegalArgumentException("a gateway serves at least one app");
    }
    try {
      Gateway g = new Gateway(host, apps, options);
      g.http.start();
      return g;
    } catch (IOException e) {
      throw new JointflowException("gateway cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage()
          + (options.port() != 0 ? " (is the port in use? choose another with --port)" : ""), e);
    }
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    InetSocketAddress a = http.getAddress();
    return URI.create("http://" + options.host() + ":" + a.getPort());
  }

  /** The apps it starts runs of, in the order given. */
  public List<String> apps() {
    return apps;
  }

  /** Requests refused for a missing or wrong token so far. */
  public long rejected() {
    return rejected.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/health")) {
        ObjectNode health = RunViews.JSON.createObjectNode().put("status", "ok");
        apps.forEach(health.putArray("apps")::add);
        reply(ex, 200, health);
        return;
      }
      if (!path.startsWith("/v1/")) {
        reply(ex, 404, error("no such endpoint: " + printable(path) + "; the API is under /v1 (docs/cluster.md)"));
        return;
      }
      if (!authorized(ex)) {
        long n = rejected.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
          LOG.log(System.Logger.Level.WARNING, "gateway refused " + n + " request(s) without a valid token; last: "
              + method + " " + printable(path) + " from " + ex.getRemoteAddress().getAddress().getHostAddress());
        }
        reply(ex, 401, error("missing or wrong gateway token: send 'Authorization: Bearer TOKEN' (the token is in"
            + " JOINTFLOW_GATEWAY_TOKEN, or in the cluster's cluster.json)"));
        return;
      }
      String[] parts = path.substring("/v1/".length()).split("/");
      try {
        if (parts.length == 1 && parts[0].equals("runs")) {
          if (!method.equals("POST")) {
            reply(ex, 405, error("use POST /v1/runs to start a run, GET /v1/runs/ID to read one"));
            return;
          }
          startRun(ex);
        } else if (parts.length == 2 && parts[0].equals("runs") && method.equals("GET")) {
          readRun(ex, parts[1]);
        } else if (parts.length == 3 && parts[0].equals("runs") && parts[2].equals("spans") && method.equals("GET")) {
          RunHandle run = host.run(parts[1]);
          reply(ex, 200, RunViews.spans(run.runId(), run.spans()));
        } else {
          reply(ex, 404, error("no such endpoint: " + method + " " + printable(path)
              + "; use POST /v1/runs, GET /v1/runs/ID[?wait=MILLIS], GET /v1/runs/ID/spans"));
        }
      } catch (StoreException e) {
        // a store that is down for now: the client may ask again (an unrecoverable one is a 500)
        reply(ex, e.retryable() ? 503 : 500, error(String.valueOf(e.getMessage())));
      } catch (JointflowException | IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        reply(ex, m.contains("no run") || m.contains("unknown run") || m.contains("not found") ? 404 : 400, error(m));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "gateway request " + method + " " + printable(path) + " failed", e);
        reply(ex, 500, error("the gateway failed: " + e + "; see its log"));
      }
    }
  }

  private void startRun(HttpExchange ex) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        reply(ex, 413, error("start request is larger than " + MAX_BODY_BYTES + " bytes; pass large inputs as files the"
            + " functions read, or through a blob store"));
        return;
      }
      body = RunViews.JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      reply(ex, 400, error("start request is not JSON: " + e.getOriginalMessage()));
      return;
    }
    if (body == null || !body.path("app").isTextual()) {
      reply(ex, 400, error("start request needs {\"app\": NAME, \"inputs\": {KEY: TEXT}, \"binaryInputs\": {KEY: BASE64}}"));
      return;
    }
    String app = body.path("app").asText();
    if (!apps.contains(app)) {
      reply(ex, 400, error("app '" + printable(app) + "' is not served by this cluster (apps: " + String.join(", ", apps)
          + "); start the cluster with its definition too: jointflow cluster up CLOUDS.yaml APP.yaml..."));
      return;
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    for (var e : body.path("inputs").properties()) {
      if (!e.getValue().isTextual()) {
        reply(ex, 400, error("input '" + e.getKey() + "' must be a string; send bytes in binaryInputs as base64"));
        return;
      }
      inputs.put(e.getKey(), e.getValue().asText());
    }
    for (var e : body.path("binaryInputs").properties()) {
      try {
        inputs.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
      } catch (IllegalArgumentException bad) {
        reply(ex, 400, error("binary input '" + e.getKey() + "' is not base64: " + bad.getMessage()));
        return;
      }
    }
    String runId = body.path("runId").isTextual() ? body.path("runId").asText() : null;
    RunHandle run = host.start(app, runId, inputs);
    ex.getResponseHeaders().set("Location", "/v1/runs/" + run.runId());
    reply(ex, 201, RunViews.JSON.createObjectNode().put("runId", run.runId()).put("status", run.status().name()));
  }

  private void readRun(HttpExchange ex, String runId) throws IOException {
    RunHandle run = host.run(runId);
    long waitMillis = 0;
    String q = ex.getRequestURI().getQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        if (kv.startsWith("wait=")) {
          try {
            waitMillis = Long.parseLong(kv.substring(5));
          } catch (NumberFormatException e) {
            reply(ex, 400, error("wait must be milliseconds: " + printable(kv.substring(5))));
            return;
          }
        }
      }
    }
    Duration wait = Duration.ofMillis(Math.max(0, Math.min(waitMillis, options.maxWait().toMillis())));
    RunInfo info = wait.isZero() ? run.info() : run.await(wait);
    reply(ex, 200, RunViews.run(info));
  }

  private boolean authorized(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(h.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8), token);
  }

  private static ObjectNode error(String message) {
    return RunViews.JSON.createObjectNode().put("error", message);
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = RunViews.JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** At most 100 characters of a path, with anything but name characters replaced: safe to log and echo. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 100; i++) {
      char c = s.charAt(i);
      b.append(Character.isLetterOrDigit(c) && c < 128 || "/-_.".indexOf(c) >= 0 ? c : '?');
    }
    return s.length() > 100 ? b + "..." : b.toString();
  }

  /** Stops listening; requests in progress finish first (at most a few seconds). */
  @Override
  public void close() {
    http.stop(1);
    requests.shutdown();
  }
}
