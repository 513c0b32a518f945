package io.jointflow.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /v1/invoke/{function}}: size limit, signature, function, envelope (its app), hand-off; see
 * {@code docs/worker-protocol.md} for the order of the checks and the replies. A rejected request
 * is counted, answered with its reason and logged once per reason, never with its body.
 */
final class InvokeHandler implements HttpHandler {
  static final String PREFIX = "/v1/invoke/";

  private final RequestSigner signer;
  private final EnvelopeCodec codec;
  private final ServedFunctions served;
  private final Dispatch dispatch;
  private final WorkerMetrics metrics;
  private final OncePerIntervalLog rejections;
  private final Environment env;
  private final BooleanSupplier accepting;
  private final String cloud;
  private final int maxBodyBytes;

  InvokeHandler(RequestSigner signer, ServedFunctions served, Dispatch dispatch, WorkerMetrics metrics,
      OncePerIntervalLog rejections, Environment env, BooleanSupplier accepting, String cloud, int maxBodyBytes) {
    this.signer = signer;
    this.codec = new EnvelopeCodec(maxBodyBytes);
    this.served = served;
    this.dispatch = dispatch;
    this.metrics = metrics;
    this.rejections = rejections;
    this.env = env;
    this.accepting = accepting;
    this.cloud = cloud;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** What became of one request. {@code app} and {@code function} are the tags of its metrics. */
  private record Outcome(int status, String reason, String message, String app, String function) {
    static Outcome reject(int status, String reason, String message) {
      return new Outcome(status, reason, message, WorkerMetrics.UNKNOWN, WorkerMetrics.UNKNOWN);
    }

    static Outcome of(int status, String reason, String message, ServedFunctions.Key key) {
      return new Outcome(status, reason, message, key.app(), key.function());
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    long started = env.nanoTime();
    try (ex) {
      Outcome o = process(ex);
      // Counted and logged before the reply, so that whoever reads the reply also sees them.
      if (o.status() == 202) {
        metrics.accepted(o.app(), o.function());
      } else {
        metrics.rejected(o.app(), o.function(), o.reason());
        rejections.event(o.reason(), o.status() == 503 ? Level.INFO : Level.WARNING, "worker '" + cloud
            + "' rejected " + HttpReplies.printable(ex.getRequestMethod()) + " "
            + HttpReplies.printable(ex.getRequestURI().getRawPath()) + " from "
            + ex.getRemoteAddress().getAddress().getHostAddress() + ": " + o.status() + " " + o.reason()
            + " (" + o.message() + "); every rejection is counted in " + WorkerMetrics.REJECTED_PROMETHEUS, null);
      }
      metrics.request(o.app(), o.function(), o.status(), Duration.ofNanos(Math.max(0, env.nanoTime() - started)));
      if (o.status() == 405) {
        ex.getResponseHeaders().set("Allow", "POST");
      }
      HttpReplies.json(ex, o.status(), HttpReplies.outcome(o.status(), o.reason(), o.message()));
    }
  }

  private Outcome process(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String function = path.substring(PREFIX.length());
    if (function.isEmpty() || function.contains("/")) {
      return Outcome.reject(404, "not-found", "no such endpoint; invocations go to " + PREFIX + "{function}");
    }
    if (!ex.getRequestMethod().equals("POST")) {
      return Outcome.reject(405, "method-not-allowed", "use POST");
    }
    if (!accepting.getAsBoolean()) {
      return Outcome.reject(503, "shutting-down", "the worker is shutting down; invoke another");
    }
    byte[] body = readBody(ex);
    if (body == null) {
      return Outcome.reject(413, "too-large", "the body is larger than this worker's limit of " + maxBodyBytes
          + " bytes; inputs above the cloud's async payload limit must travel as blob references");
    }
    String query = ex.getRequestURI().getRawQuery();
    String target = query == null ? path : path + "?" + query;
    RequestSigner.Verdict verdict = signer.verify(ex.getRequestMethod(), target,
        ex.getRequestHeaders()::getFirst, body);
    switch (verdict) {
      case VALID -> { }
      case REPLAY_CACHE_FULL -> {
        return Outcome.reject(503, verdict.reason(), "too many requests within the replay window; retry later or elsewhere");
      }
      default -> {
        return Outcome.reject(401, verdict.reason(), explain(verdict));
      }
    }
    if (!served.hasFunction(function)) {
      return Outcome.reject(404, "unknown-function", "this worker has no function '" + HttpReplies.printable(function)
          + "'" + served.appsSuffix());
    }
    Envelope envelope;
    try {
      envelope = codec.decode(body, ex.getRequestHeaders().getFirst(RequestSigner.SIGNATURE_HEADER));
    } catch (WireFormatException e) {
      metrics.received(WorkerMetrics.UNKNOWN, function, body.length);
      return new Outcome(e.tooLarge() ? 413 : 400, e.tooLarge() ? "too-large" : "malformed", e.getMessage(),
          WorkerMetrics.UNKNOWN, function);
    }
    ServedFunctions.Key key = served.find(envelope.app(), function);
    if (key == null) {
      // The envelope names an app from an authenticated sender, yet it is not a tag: it may be anything.
      metrics.received(WorkerMetrics.UNKNOWN, function, body.length);
      return served.servesApp(envelope.app())
          ? new Outcome(404, "unknown-function", "app '" + HttpReplies.printable(envelope.app()) + "' has no function '"
              + function + "' on this worker", WorkerMetrics.UNKNOWN, function)
          : new Outcome(404, "unknown-app", "this worker does not serve app '" + HttpReplies.printable(envelope.app())
              + "'" + served.appsSuffix(), WorkerMetrics.UNKNOWN, function);
    }
    metrics.received(key.app(), function, body.length);
    if (!envelope.function().equals(function)) {
      return Outcome.of(400, "function-mismatch", "the envelope is for another function than the path names", key);
    }
    if (!dispatch.offer(envelope, key)) {
      return Outcome.of(503, "overloaded", "too many invocations pending on this worker; retry later or elsewhere", key);
    }
    return Outcome.of(202, "accepted", "instance '" + envelope.instanceId() + "' accepted", key);
  }

  /**
   * The body, or null if it is longer than the limit. A body that is too large is still read (and
   * dropped) up to a bound, so that the client, still sending, gets to read the 413.
   */
  private byte[] readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    try (InputStream in = ex.getRequestBody()) {
      if (length != null && parseLength(length) > maxBodyBytes) {
        drain(in, Math.min(parseLength(length), 4L * maxBodyBytes));
        return null;
      }
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        drain(in, 4L * maxBodyBytes);
        return null;
      }
      return body;
    }
  }

  private static void drain(InputStream in, long max) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = max;
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
      left -= n;
    }
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String explain(RequestSigner.Verdict v) {
    return switch (v) {
      case UNSIGNED -> "the request is not signed: headers " + RequestSigner.TIMESTAMP_HEADER + ", "
          + RequestSigner.NONCE_HEADER + " and " + RequestSigner.SIGNATURE_HEADER + " are required";
      case MALFORMED -> "the timestamp or nonce header is not well formed";
      case STALE -> "the timestamp is outside the replay window (clocks out of sync, or an old request)";
      case BAD_SIGNATURE -> "the signature does not match the request (another key, or the request was changed)";
      case REPLAYED -> "the nonce was already used: a replayed request";
      default -> v.reason();
    };
  }
}
