package io.jointflow.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.app.Names;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code worker} compute backend: invokes functions on a remote {@link WorkerServer} over HTTP,
 * signing every request. {@link #invokeAsync} returns once the worker answered 202 (queued there,
 * not yet run).
 *
 * <p>Failures say whether another attempt may succeed: no connection, a timeout, 5xx (503 while the
 * worker shuts down or is overloaded) and 429 are retryable, so the caller fails over; 400, 401,
 * 404, 413 and an envelope above the body limit of {@link WorkerBackendOptions#limits()} are not,
 * and carry the worker's reason. Its {@link #limits()} tell the runtime the target cloud's payload
 * limit, above which it sends inputs as blob references ({@code Payloads}, as under emulation). Each attempt is signed anew. Thread safe.
 */
public final class WorkerBackend implements ComputeBackend {
  private static final int MAX_REPLY_BYTES = 16 * 1024;

  private final URI endpoint;
  private final String base;
  /** {@code worker}, or {@code http} for any FaaS endpoint that takes the workers' signed requests. */
  private final String kind;
  /** The invoke path below the endpoint, with {@code {function}} where the function name goes. */
  private final String invokePath;
  private final RequestSigner signer;
  private final WorkerBackendOptions options;
  private final EnvelopeCodec codec;
  private final HttpClient client;
  private volatile Checked lastHealth;
  private volatile boolean closed;

  private record Checked(Health health, long atNanos) {}

  private WorkerBackend(URI endpoint, String kind, String invokePath, RequestSigner signer, WorkerBackendOptions options) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.kind = kind;
    this.invokePath = invokePath;
    this.signer = Objects.requireNonNull(signer, "signer");
    this.options = Objects.requireNonNull(options, "options");
    if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
      throw new BackendException(kind + " endpoint '" + endpoint + "' is not an http(s) URL with a host", null, false);
    }
    String s = endpoint.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.codec = new EnvelopeCodec(WorkerOptions.bodyLimit(options.limits().maxPayloadBytes()));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout())
        .build();
  }

  /**
   * A backend for the worker at {@code endpoint}, e.g. {@code http://10.0.0.7:8081} (as given by
   * {@link WorkerServer#uri()}); a path prefix is kept, but a proxy in between must not rewrite the
   * path, which is signed.
   */
  public static WorkerBackend create(URI endpoint, RequestSigner signer, WorkerBackendOptions options) {
    return new WorkerBackend(endpoint, "worker", InvokeHandler.PREFIX + HttpComputeProvider.FUNCTION, signer, options);
  }

  /**
   * A backend of compute type {@code http}: the same signed requests, to any FaaS endpoint that
   * takes them (a worker behind a proxy, a Knative or OpenFaaS function running Jointflow), at
   * {@code invokePath} below {@code endpoint}, where {@code {function}} stands for the function name.
   */
  public static WorkerBackend http(URI endpoint, String invokePath, RequestSigner signer, WorkerBackendOptions options) {
    return new WorkerBackend(endpoint, "http", invokePath, signer, options);
  }

  @Override
  public String name() {
    return kind;
  }

  /** The worker's base URI. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Sends the invocation and returns once the worker accepted it.
   *
   * @throws BackendException if it was not accepted; {@link BackendException#retryable()} says
   *     whether to try again or elsewhere
   */
  @Override
  public void invokeAsync(String function, Envelope envelope) {
    if (closed) {
      throw new BackendException(kind + " backend for " + base + " is closed; invocation of '" + function
          + "' not accepted", null, false);
    }
    if (!Names.isValidName(function)) {
      throw new BackendException("function name '" + function + "' is invalid: " + Names.NAME_RULE, null, false);
    }
    byte[] body;
    try {
      body = codec.encode(envelope);
    } catch (WireFormatException e) {
      throw new BackendException(kind + " " + base + " cannot take function '" + function + "': " + e.getMessage(), e, false);
    }
    URI uri = URI.create(base + invokePath.replace(HttpComputeProvider.FUNCTION, function));
    HttpResponse<InputStream> response = null;
    byte[] reply = null;
    for (int attempt = 1; response == null; attempt++) {
      // Signed anew each time: a resent request with the same nonce would be refused as a replay.
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .timeout(options.requestTimeout())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      signer.sign("POST", uri.getRawPath(), body).forEach(request::header);
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
          reply = in.readNBytes(MAX_REPLY_BYTES);
        }
      } catch (HttpTimeoutException e) {
        throw failure(function, "no answer in time (" + e.getMessage() + ")", e, true);
      } catch (ConnectException e) {
        throw failure(function, "cannot connect (" + e + ")", e, true);
      } catch (IOException e) {
        // A kept-alive connection the client's pool closed under the request (the JDK client resends
        // only idempotent methods by itself): send once more on a fresh one. Had the worker accepted
        // the first, the invocation is delivered twice, which invocations allow (at least once).
        if (attempt >= 2) {
          throw failure(function, "connection failed (" + e + ")", e, true);
        }
        response = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(function, "interrupted while waiting for the answer", e, true);
      }
    }
    int status = response.statusCode();
    if (status == 202) {
      return;
    }
    boolean retryable = status >= 500 || status == 429 || status == 408;
    throw failure(function, status + " " + reason(reply), null, retryable);
  }

  private BackendException failure(String function, String problem, Throwable cause, boolean retryable) {
    return new BackendException(kind + " " + base + " did not accept an invocation of function '" + function
        + "': " + problem, cause, retryable);
  }

  /** {@code reason (message)} from a worker's JSON reply, or the start of any other reply. */
  private static String reason(byte[] reply) {
    try {
      JsonNode n = HttpReplies.JSON.readTree(reply);
      if (n != null && n.hasNonNull("reason")) {
        return n.get("reason").asText() + (n.hasNonNull("message") ? " (" + n.get("message").asText() + ")" : "");
      }
    } catch (IOException e) {
      // not a worker's reply (a proxy's error page?): quote its start below
    }
    String text = new String(reply, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "(no body)" : "'" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "'";
  }

  /** Whether the worker answers {@code /health} with status ok; answers are reused for the health TTL. */
  @Override
  public Health health() {
    if (closed) {
      return new Health(false, "closed");
    }
    long now = signer.environment().nanoTime();
    Checked c = lastHealth;
    if (c != null && now - c.atNanos() < options.healthTtl().toNanos()) {
      return c.health();
    }
    Health h = check();
    lastHealth = new Checked(h, now);
    return h;
  }

  private Health check() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/health"))
        .timeout(options.connectTimeout()).GET().build();
    try {
      HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] reply;
      try (InputStream in = r.body()) {
        reply = in.readNBytes(MAX_REPLY_BYTES);
      }
      JsonNode n = HttpReplies.JSON.readTree(reply);
      String status = n != null && n.hasNonNull("status") ? n.get("status").asText() : "?";
      boolean ok = r.statusCode() == 200 && status.equals("ok");
      return new Health(ok, "worker " + base + " " + status
          + (n != null && n.has("inFlight") ? ", " + n.get("inFlight").asInt() + " in flight" : ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health(false, "worker " + base + " health check interrupted");
    } catch (IOException e) {
      return new Health(false, "worker " + base + " unreachable: " + e);
    }
  }

  @Override
  public Limits limits() {
    return options.limits();
  }

  @Override
  public Billing billing() {
    return options.billing();
  }

  /** Refuses further invocations (non-retryable) and releases the HTTP client. Idempotent. */
  @Override
  public void close() {
    closed = true;
    client.close();
  }

  @Override
  public String toString() {
    return "WorkerBackend[" + kind + " " + base + "]";
  }
}
