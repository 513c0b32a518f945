package io.jointflow.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Alibaba Cloud Function Compute 3.0's invoke route (no FC emulator runs without
 * Docker), on a JDK HTTP server bound to 127.0.0.1: {@code POST /2023-03-30/functions/{name}/invocations}
 * with the headers the FC 3.0 API defines ({@code x-fc-invocation-type: Sync|Async}, default Sync;
 * {@code x-fc-log-type: None|Tail}; a signed {@code Authorization} naming the access key id).
 *
 * <p>Replies as FC does: 200 with the function's result for Sync, 202 with an empty body for Async
 * (FC queues it and runs it at least once: here on a pool of {@code concurrency} threads, retried up
 * to 3 attempts when the function throws, FC's default for async invocations); every reply carries
 * {@code x-fc-request-id}. Errors are FC 3.0's JSON {@code {"Code", "Message", "RequestId"}}: 400
 * {@code PathNotSupported} for another route or method, 400 {@code InvalidArgument} for a bad header
 * value, 400 {@code EntityTooLarge} above the payload limit (128 KB async, 32 MB sync), 403 {@code
 * InvalidAccessKeyId} without a valid {@code Authorization}, 404 {@code FunctionNotFound} for a
 * function not deployed, and whatever {@link #failNext} injects (e.g. 429 {@code ResourceExhausted},
 * 503 {@code ResourceThrottled}). It does not verify signatures, only that one names the expected key.
 */
public final class FcStandIn implements AutoCloseable {
  /** The body of a function deployed on the stand-in: gets the invocation payload, returns the result. */
  public interface Function {
    byte[] invoke(byte[] payload) throws Exception;
  }

  /** One request as received: what a test may check. */
  public record Request(String method, String path, String query, String invocationType, String logType, String authorization) {}

  public static final long ASYNC_LIMIT = 128 * 1024;
  public static final long SYNC_LIMIT = 32L * 1024 * 1024;
  private static final Pattern ROUTE = Pattern.compile("/2023-03-30/functions/([^/]+)/invocations");
  private static final int ATTEMPTS = 3;

  private final String accessKeyId;
  private final HttpServer http;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore running;
  private final Map<String, Function> functions = new ConcurrentHashMap<>();
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
  private final Queue<String[]> injected = new ConcurrentLinkedQueue<>();
  private final AtomicInteger injectedLeft = new AtomicInteger();
  private final AtomicLong failedRuns = new AtomicLong();

  private FcStandIn(String accessKeyId, int concurrency) throws IOException {
    this.accessKeyId = accessKeyId;
    this.running = new Semaphore(concurrency);
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    http.setExecutor(handlers);
    http.createContext("/", this::handle);
    http.start();
  }

  /** Starts a stand-in that accepts requests signed with {@code accessKeyId} and runs at most {@code concurrency} async invocations at once. */
  public static FcStandIn start(String accessKeyId, int concurrency) {
    try {
      return new FcStandIn(accessKeyId, concurrency);
    } catch (IOException e) {
      throw new IllegalStateException("FC stand-in cannot listen on 127.0.0.1", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}: the value of {@code compute.options.endpoint}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** Deploys (or replaces) a function. */
  public void deploy(String name, Function f) {
    functions.put(name, f);
  }

  /**
   * Deploys (or replaces) a function whose code is a custom runtime listening at {@code runtime}: each
   * invocation is POSTed to {@code runtime/invoke} as FC does (the payload as an {@code
   * application/octet-stream} body, {@code x-fc-request-id}, {@code x-fc-control-path: /invoke}, the
   * function's name); a reply other than 200 with {@code x-fc-status: 200} is a failed invocation
   * (retried as an async invocation is).
   */
  public void deployCustomRuntime(String name, URI runtime) {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    deploy(name, payload -> {
      java.net.http.HttpResponse<byte[]> r = client.send(java.net.http.HttpRequest.newBuilder(runtime.resolve("/invoke"))
              .header("Content-Type", "application/octet-stream")
              .header("x-fc-request-id", "1-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24))
              .header("x-fc-control-path", "/invoke")
              .header("x-fc-function-name", name)
              .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      String status = r.headers().firstValue("x-fc-status").orElse(null);
      if (r.statusCode() != 200 || !"200".equals(status)) {
        throw new IllegalStateException("custom runtime of '" + name + "' answered " + r.statusCode() + " (x-fc-status "
            + status + "): " + new String(r.body(), StandardCharsets.UTF_8));
      }
      return r.body();
    });
  }

  /** The next {@code times} invocations are answered with this FC error instead. */
  public void failNext(int status, String code, String message, int times) {
    for (int i = 0; i < times; i++) {
      injected.add(new String[] {String.valueOf(status), code, message});
    }
    injectedLeft.addAndGet(times);
  }

  /** Every request received, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Async runs that failed all their attempts. */
  public long failedRuns() {
    return failedRuns.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String requestId = "1-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
      ex.getResponseHeaders().set("x-fc-request-id", requestId);
      String path = ex.getRequestURI().getRawPath();
      String type = ex.getRequestHeaders().getFirst("x-fc-invocation-type");
      String log = ex.getRequestHeaders().getFirst("x-fc-log-type");
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), type, log, auth));
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Matcher m = ROUTE.matcher(path);
      if (!m.matches() || !ex.getRequestMethod().equals("POST")) {
        error(ex, 400, "PathNotSupported", "'" + ex.getRequestMethod() + "' against '" + path + "' is not supported", requestId);
        return;
      }
      if (auth == null || !auth.contains(accessKeyId)) {
        error(ex, 403, "InvalidAccessKeyId", "invalid access key ID '" + (auth == null ? "" : auth) + "'", requestId);
        return;
      }
      boolean async = "Async".equals(type);
      if (type != null && !async && !type.equals("Sync")) {
        error(ex, 400, "InvalidArgument", "x-fc-invocation-type '" + type + "' is invalid (Sync, Async)", requestId);
        return;
      }
      if (log != null && !log.equals("None") && !log.equals("Tail")) {
        error(ex, 400, "InvalidArgument", "x-fc-log-type '" + log + "' is invalid (None, Tail)", requestId);
        return;
      }
      String[] fault = injectedLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? injected.poll() : null;
      if (fault != null) {
        error(ex, Integer.parseInt(fault[0]), fault[1], fault[2], requestId);
        return;
      }
      String name = m.group(1);
      Function f = functions.get(name);
      if (f == null) {
        error(ex, 404, "FunctionNotFound", "function '" + name + "' does not exist", requestId);
        return;
      }
      long limit = async ? ASYNC_LIMIT : SYNC_LIMIT;
      if (body.length > limit) {
        error(ex, 400, "EntityTooLarge", "payload size exceeds maximum allowed size (" + limit + " bytes)", requestId);
        return;
      }
      if (async) {
        runners.execute(() -> runAsync(f, body));
        ex.sendResponseHeaders(202, -1);
        return;
      }
      byte[] result;
      try {
        result = f.invoke(body);
      } catch (Exception e) {
        ex.getResponseHeaders().set("x-fc-error-type", "UnhandledInvocationError");
        result = ("{\"errorMessage\":\"" + String.valueOf(e.getMessage()).replace("\"", "'") + "\",\"errorType\":\""
            + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
      }
      if ("Tail".equals(log)) {
        ex.getResponseHeaders().set("x-fc-log-result", java.util.Base64.getEncoder().encodeToString(
            ("FC Invoke Start RequestId: " + requestId + "\nFC Invoke End RequestId: " + requestId + "\n").getBytes(StandardCharsets.UTF_8)));
      }
      ex.sendResponseHeaders(200, result.length == 0 ? -1 : result.length);
      ex.getResponseBody().write(result);
    }
  }

  private void runAsync(Function f, byte[] body) {
    try {
      running.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          f.invoke(body);
          return;
        } catch (Exception e) {
          if (attempt == ATTEMPTS) {
            failedRuns.incrementAndGet();
          }
        }
      }
    } finally {
      running.release();
    }
  }

  private static void error(HttpExchange ex, int status, String code, String message, String requestId) throws IOException {
    byte[] json = ("{\"Code\":\"" + code + "\",\"Message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"RequestId\":\"" + requestId + "\"}").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, json.length);
    ex.getResponseBody().write(json);
  }

  /** Stops listening and abandons queued async runs (as a lost region would). */
  @Override
  public void close() {
    http.stop(0);
    runners.shutdownNow();
    handlers.shutdownNow();
  }
}
