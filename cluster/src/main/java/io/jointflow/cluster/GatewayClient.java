package io.jointflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jointflow.core.RunStatus;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Talks to a cluster's {@link Gateway}: starts a run, waits for it, reads its spans and cost. Errors
 * are {@link JointflowException}s that name the gateway and what to do. Thread safe.
 */
public final class GatewayClient {
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private GatewayClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * The gateway answered 503: a state store it needs is unreachable for now. The same request may
   * succeed later; a start of the same run id with the same inputs is the same run.
   */
  public static final class UnavailableException extends JointflowException {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message) {
      super(message);
    }
  }

  /** A client of the gateway at {@code base} (e.g. {@code http://127.0.0.1:7400}) with its token. */
  public static GatewayClient create(URI base, String token) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(token, "token");
    String s = base.toString();
    return new GatewayClient(URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s), token);
  }

  /**
   * A run as the gateway reports it.
   *
   * @param result the result's bytes, or null
   * @param failure why it failed, or null
   */
  public record RemoteRun(String runId, String app, RunStatus status, Instant startedAt, Instant endedAt, byte[] result,
      String failure) {}

  /**
   * Starts a run of a deployed app; inputs are strings or byte arrays. Starting an existing run id
   * with the same inputs returns that run.
   *
   * @return the run's id
   */
  public String start(String app, String runId, Map<String, ?> inputs) {
    ObjectNode body = RunViews.JSON.createObjectNode().put("app", app);
    if (runId != null) {
      body.put("runId", runId);
    }
    ObjectNode text = body.putObject("inputs");
    ObjectNode binary = body.putObject("binaryInputs");
    inputs.forEach((k, v) -> {
      if (v instanceof byte[] b) {
        binary.put(k, Base64.getEncoder().encodeToString(b));
      } else {
        text.put(k, String.valueOf(v));
      }
    });
    JsonNode reply = send(HttpRequest.newBuilder(base.resolve("/v1/runs"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).header("Content-Type", "application/json"), 201);
    return reply.path("runId").asText();
  }

  /** The run after at most {@code wait} (the gateway caps one wait, usually at 30 s). */
  public RemoteRun await(String runId, Duration wait) {
    JsonNode n = send(HttpRequest.newBuilder(base.resolve("/v1/runs/" + runId + "?wait=" + wait.toMillis())).GET(), 200);
    return new RemoteRun(n.path("runId").asText(), n.path("app").asText(), RunStatus.valueOf(n.path("status").asText()),
        instant(n.path("startedAt")), instant(n.path("endedAt")),
        n.hasNonNull("resultBase64") ? Base64.getDecoder().decode(n.path("resultBase64").asText()) : null,
        n.hasNonNull("failure") ? n.path("failure").asText() : null);
  }

  /**
   * The run's spans, makespan and cost by cloud, as the gateway's JSON ({@code makespanMillis},
   * {@code cost.total}, {@code cost.byCloud.CLOUD.{compute,store,egress,total}}, {@code spans[]}).
   */
  public JsonNode spans(String runId) {
    return send(HttpRequest.newBuilder(base.resolve("/v1/runs/" + runId + "/spans")).GET(), 200);
  }

  /** The cost of a run by cloud, from its spans. */
  public Map<String, Double> costByCloud(String runId) {
    Map<String, Double> m = new LinkedHashMap<>();
    spans(runId).path("cost").path("byCloud").properties().forEach(e -> m.put(e.getKey(), e.getValue().path("total").asDouble()));
    return m;
  }

  private JsonNode send(HttpRequest.Builder request, int expected) {
    HttpRequest r = request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(90)).build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new JointflowException("gateway " + base + " is not reachable: is the cluster up? (jointflow cluster status)", e);
    } catch (IOException e) {
      throw new JointflowException("gateway " + base + " did not answer " + r.method() + " " + r.uri().getPath() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JointflowException("interrupted while calling gateway " + base, e);
    }
    JsonNode n;
    try {
      n = RunViews.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new JointflowException("gateway " + base + " answered " + response.statusCode() + " with something that is not"
          + " JSON; is " + base + " a Jointflow gateway?", e);
    }
    if (response.statusCode() != expected) {
      String why = n != null && n.hasNonNull("error") ? n.path("error").asText() : "status " + response.statusCode();
      if (response.statusCode() == 503) {
        throw new UnavailableException("gateway " + base + " could not serve " + r.method() + " " + r.uri().getPath()
            + " now: " + why);
      }
      throw new JointflowException("gateway " + base + " refused " + r.method() + " " + r.uri().getPath() + " ("
          + response.statusCode() + "): " + why);
    }
    return n;
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return RunViews.JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always encodes", e);
    }
  }

  private static Instant instant(JsonNode n) {
    return n.isTextual() ? Instant.parse(n.asText()) : null;
  }
}
