package io.jointflow.worker;

import static io.jointflow.worker.Envelopes.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker server on a real loopback socket, driven by hand-made requests. */
class WorkerServerTest {
  static final int LIMIT = 64 * 1024;
  private final ManualEnvironment env = ManualEnvironment.virtualThreads(11);
  private final RequestSigner signer = RequestSigner.create(SigningKey.of(SigningKeyTest.SECRET), env);
  private final List<Envelope> received = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final EnvelopeCodec codec = new EnvelopeCodec(Long.MAX_VALUE);
  private final List<WorkerServer> servers = new ArrayList<>();
  private final CapturedLog log = new CapturedLog(WorkerServer.class);

  @AfterEach
  void stop() {
    servers.forEach(WorkerServer::close);
    client.close();
    env.close();
    log.close();
  }

  private WorkerServer start(Consumer<Envelope> sink) {
    WorkerServer s = WorkerServer.builder().environment(env).signer(signer).sink(sink)
        .function("f", 2).function("g", 0)
        .options(WorkerOptions.builder().cloud("c1").maxBodyBytes(LIMIT).build())
        .build();
    servers.add(s);
    s.start();
    return s;
  }

  private WorkerServer start() {
    return start(received::add);
  }

  /** A request as sent: path, headers and body. */
  record Req(String path, Map<String, String> headers, byte[] body) {}

  Req signed(RequestSigner by, String function, byte[] body) {
    String path = "/v1/invoke/" + function;
    return new Req(path, by.sign("POST", path, body), body);
  }

  Req good(String id) {
    return signed(signer, "f", codec.encode(secret("f", id)));
  }

  HttpResponse<String> send(WorkerServer s, Req r) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.uri() + r.path()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
    r.headers().forEach(b::header);
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> get(WorkerServer s, String path) {
    return send(HttpRequest.newBuilder(URI.create(s.uri() + path)).GET().build());
  }

  /** Sends a good invocation and waits for it, so that anything sent before has been decided. */
  void barrier(WorkerServer s, String id) {
    assertThat(send(s, good(id)).statusCode()).isEqualTo(202);
    Await.until("the barrier invocation " + id + " reached the sink",
        () -> received.stream().anyMatch(e -> e.instanceId().equals(id)));
  }

  /** One way to be wrong: builds a fresh bad request each time it is called. */
  enum Bad {
    UNSIGNED(401, "unsigned"),
    WRONG_KEY(401, "bad-signature"),
    TAMPERED_BODY(401, "bad-signature"),
    STALE(401, "stale"),
    UNKNOWN_FUNCTION(404, "unknown-function"),
    OVERSIZED(413, "too-large"),
    OVERSIZED_CHUNKED(413, "too-large"),
    MALFORMED(400, "malformed"),
    FUNCTION_MISMATCH(400, "function-mismatch");

    final int status;
    final String reason;

    Bad(int status, String reason) {
      this.status = status;
      this.reason = reason;
    }
  }

  HttpResponse<String> sendBad(WorkerServer s, Bad bad, int n) {
    byte[] body = codec.encode(secret("f", "bad-" + n));
    return switch (bad) {
      case UNSIGNED -> send(s, new Req("/v1/invoke/f", Map.of(), body));
      case WRONG_KEY -> send(s, signed(RequestSigner.create(SigningKey.of("k".repeat(32)), env), "f", body));
      case TAMPERED_BODY -> {
        Req r = signed(signer, "f", body);
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("bad-" + n, "bad-X").getBytes(StandardCharsets.UTF_8);
        yield send(s, new Req(r.path(), r.headers(), changed));
      }
      case STALE -> {
        ManualEnvironment past = ManualEnvironment.direct(1); // 6 minutes behind: see the test
        yield send(s, signed(RequestSigner.create(SigningKey.of(SigningKeyTest.SECRET), past), "f", body));
      }
      case UNKNOWN_FUNCTION -> send(s, signed(signer, "nope", codec.encode(secret("nope", "bad-" + n))));
      case OVERSIZED -> send(s, signed(signer, "f", codec.encode(Envelopes.envelope("f", "big", List.of(
          Envelopes.inline("k", Envelopes.MARKER.repeat(LIMIT / 10)))))));
      case OVERSIZED_CHUNKED -> {
        byte[] big = codec.encode(Envelopes.envelope("f", "big", List.of(Envelopes.inline("k", Envelopes.MARKER.repeat(LIMIT / 10)))));
        Req r = signed(signer, "f", big);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.uri() + r.path()))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        r.headers().forEach(b::header);
        yield send(b.build());
      }
      case MALFORMED -> send(s, signed(signer, "f", ("not json " + Envelopes.MARKER).getBytes(StandardCharsets.UTF_8)));
      case FUNCTION_MISMATCH -> send(s, signed(signer, "g", body));
    };
  }

  @Test
  void everyBadRequestGetsItsStatusNeverReachesTheSinkAndIsLoggedOncePerCauseWithoutThePayload() {
    WorkerServer s = start();
    env.advance(Duration.ofMinutes(6)); // so that requests signed on a fresh manual clock are stale
    int n = 0;
    for (Bad bad : Bad.values()) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = sendBad(s, bad, n++);
        assertThat(r.statusCode()).as("%s attempt %d", bad, i).isEqualTo(bad.status);
        assertThat(r.body()).as("%s reply", bad).contains("\"reason\":\"" + bad.reason + "\"").doesNotContain(Envelopes.MARKER);
      }
    }
    barrier(s, "good");
    assertThat(received).extracting(Envelope::instanceId).containsExactly("good");
    for (String reason : List.of("unsigned", "bad-signature", "stale", "unknown-function", "too-large", "malformed", "function-mismatch")) {
      assertThat(log.lines()).as("log lines about %s", reason)
          .filteredOn(l -> l.contains(" " + reason + " (")).hasSize(1);
    }
    assertThat(log.lines()).hasSize(7).allSatisfy(l -> assertThat(l)
        .doesNotContain(Envelopes.MARKER)
        .doesNotContain(Base64.getEncoder().encodeToString(Envelopes.MARKER.getBytes(StandardCharsets.UTF_8)).substring(0, 16))
        .contains("WARNING")
        .contains("worker 'c1' rejected POST /v1/invoke/")
        .contains("jointflow_worker_invocations_rejected_total"));
  }

  @Test
  void aReplayedRequestIsRejectedAndDeliveredOnlyOnce() {
    WorkerServer s = start();
    Req once = good("once");
    assertThat(send(s, once).statusCode()).isEqualTo(202);
    HttpResponse<String> again = send(s, once);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.body()).contains("\"reason\":\"replayed\"");
    barrier(s, "after");
    assertThat(received).extracting(Envelope::instanceId).containsExactlyInAnyOrder("once", "after");
    assertThat(log.lines()).singleElement().asString().contains("401 replayed").doesNotContain(Envelopes.MARKER);
  }

  @Test
  void aCauseIsLoggedAgainAfterTheIntervalWithTheNumberSuppressed() {
    WorkerServer s = start();
    for (int i = 0; i < 3; i++) {
      sendBad(s, Bad.WRONG_KEY, i);
    }
    assertThat(log.lines()).hasSize(1);
    env.advance(Duration.ofMinutes(1));
    sendBad(s, Bad.WRONG_KEY, 3);
    assertThat(log.lines()).hasSize(2);
    assertThat(log.lines().get(0)).contains("401 bad-signature").endsWith("more like it are reported at most every 1m" + System.lineSeparator());
    assertThat(log.lines().get(1)).contains("401 bad-signature").contains("; 2 more like it since the last report");
  }

  @Test
  void aFailingSinkIsLoggedWithoutThePayloadAndFreesItsSlot() {
    WorkerServer s = start(e -> {
      received.add(e);
      if (e.instanceId().startsWith("boom")) {
        throw new IllegalStateException("host failed");
      }
    });
    for (int i = 0; i < 3; i++) { // concurrency of 'f' is 2: a lost slot would block the third
      assertThat(send(s, good("boom-" + i)).statusCode()).isEqualTo(202);
    }
    barrier(s, "fine");
    Await.until("all finished", () -> s.inFlight() == 0);
    assertThat(log.lines()).singleElement().asString()
        .contains("SEVERE", "worker sink failed on an invocation of function 'f' of app 'app' (instance 'boom-", "host failed")
        .doesNotContain(Envelopes.MARKER);
  }

  @Test
  void healthReportsStatusFunctionsAndInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    WorkerServer s = start(e -> {
      received.add(e);
      awaitQuietly(release);
    });
    assertThat(send(s, good("slow")).statusCode()).isEqualTo(202);
    Await.until("the invocation is running", () -> received.size() == 1);
    HttpResponse<String> h = get(s, "/health");
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(h.body()).isEqualTo("{\"status\":\"ok\",\"cloud\":\"c1\",\"functions\":[\"f\",\"g\"],\"inFlight\":1}");
    release.countDown();
    Await.until("the invocation finished", () -> s.inFlight() == 0);
    assertThat(get(s, "/health").body()).contains("\"inFlight\":0");
  }

  @Test
  void envelopesAreRoutedByAppAndAnAppItDoesNotServeIsRefusedNamingItsApps() {
    CountDownLatch release = new CountDownLatch(1);
    List<Envelope> blocked = new CopyOnWriteArrayList<>();
    WorkerServer s = WorkerServer.builder().environment(env).signer(signer)
        .sink(e -> {
          if (e.instanceId().startsWith("hold")) {
            blocked.add(e);
            awaitQuietly(release);
          }
          received.add(e);
        })
        .function("shout", "f", 1).function("thumbs", "f", 0).function("thumbs", "g", 0)
        .options(WorkerOptions.builder().cloud("c1").maxBodyBytes(LIMIT).build())
        .build();
    servers.add(s);
    s.start();
    try {
      // shout's f runs one at a time: the held invocation takes its slot, thumbs' f has its own.
      assertThat(send(s, signed(signer, "f", codec.encode(secret("shout", "f", "hold-1")))).statusCode()).isEqualTo(202);
      Await.until("shout's f holds its only slot", () -> blocked.size() == 1);
      assertThat(send(s, signed(signer, "f", codec.encode(secret("thumbs", "f", "t1")))).statusCode()).isEqualTo(202);
      assertThat(send(s, signed(signer, "g", codec.encode(secret("thumbs", "g", "t2")))).statusCode()).isEqualTo(202);
      Await.until("thumbs' invocations ran beside the held one",
          () -> received.stream().map(Envelope::instanceId).toList().containsAll(List.of("t1", "t2")));

      HttpResponse<String> otherApp = send(s, signed(signer, "f", codec.encode(secret("other", "f", "o1"))));
      assertThat(otherApp.statusCode()).isEqualTo(404);
      assertThat(otherApp.body()).contains("\"reason\":\"unknown-app\"")
          .contains("this worker does not serve app 'other' (apps: shout, thumbs)").doesNotContain(Envelopes.MARKER);
      HttpResponse<String> otherFunction = send(s, signed(signer, "g", codec.encode(secret("shout", "g", "s2"))));
      assertThat(otherFunction.statusCode()).isEqualTo(404);
      assertThat(otherFunction.body()).contains("\"reason\":\"unknown-function\"")
          .contains("app 'shout' has no function 'g' on this worker");
      HttpResponse<String> noSuchFunction = send(s, signed(signer, "h", codec.encode(secret("shout", "h", "s3"))));
      assertThat(noSuchFunction.body()).contains("this worker has no function 'h' (apps: shout, thumbs)");

      assertThat(get(s, "/health").body()).contains("\"functions\":[\"f\",\"g\"]")
          .contains("\"apps\":{\"shout\":[\"f\"],\"thumbs\":[\"f\",\"g\"]}");
      assertThat(s.apps()).containsOnlyKeys("shout", "thumbs");
      assertThat(get(s, "/metrics").body())
          .contains("jointflow_worker_invocations_accepted_total{app=\"shout\",cloud=\"c1\",function=\"f\"} 1.0")
          .contains("jointflow_worker_invocations_accepted_total{app=\"thumbs\",cloud=\"c1\",function=\"f\"} 1.0")
          .contains("jointflow_worker_invocations_rejected_total{app=\"<unknown>\",cloud=\"c1\",function=\"f\",reason=\"unknown-app\"} 1.0")
          .doesNotContain("app=\"other\"");
    } finally {
      release.countDown();
    }
    Await.until("the held invocation finished", () -> s.inFlight() == 0);
  }

  @Test
  void metricsCountAcceptedRejectedBytesAndLatencyPerFunctionAndCloudAndShowTheRuntimesOwnMeters() {
    WorkerServer s = start();
    s.registry().counter("jointflow.store.calls", "store", "sqlite").increment(3);
    Req r = good("m1");
    send(s, r);
    sendBad(s, Bad.WRONG_KEY, 1);
    sendBad(s, Bad.UNKNOWN_FUNCTION, 2);
    HttpResponse<String> m = get(s, "/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(m.body())
        .contains("jointflow_worker_invocations_accepted_total{app=\"*\",cloud=\"c1\",function=\"f\"} 1.0")
        .contains("jointflow_worker_invocations_rejected_total{app=\"<unknown>\",cloud=\"c1\",function=\"<unknown>\",reason=\"bad-signature\"} 1.0")
        .contains("jointflow_worker_invocations_rejected_total{app=\"<unknown>\",cloud=\"c1\",function=\"<unknown>\",reason=\"unknown-function\"} 1.0")
        .contains("jointflow_worker_received_bytes_total{app=\"*\",cloud=\"c1\",function=\"f\"} " + r.body().length + ".0")
        .contains("jointflow_worker_requests_seconds_count{app=\"*\",cloud=\"c1\",function=\"f\",status=\"202\"} 1")
        .contains("jointflow_worker_requests_seconds_bucket{app=\"*\",cloud=\"c1\",function=\"f\",status=\"202\",le=")
        .contains("jointflow_worker_in_flight{cloud=\"c1\"}")
        .contains("jointflow_store_calls_total{store=\"sqlite\"} 3.0");
  }

  @Test
  void aShuttingDownWorkerAnswers503AndAClosedOneRefusesConnections() {
    CountDownLatch release = new CountDownLatch(1);
    WorkerServer s = start(e -> {
      received.add(e);
      awaitQuietly(release);
    });
    URI uri = s.uri();
    assertThat(send(s, good("accepted")).statusCode()).isEqualTo(202);
    s.shutdown();
    HttpResponse<String> late = send(s, good("late"));
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(late.body()).contains("\"reason\":\"shutting-down\"");
    assertThat(get(s, "/health").statusCode()).isEqualTo(503);
    assertThat(get(s, "/health").body()).contains("\"status\":\"shutting-down\"");
    assertThat(s.awaitTermination(Duration.ZERO)).as("an accepted invocation still runs").isFalse();
    release.countDown();
    s.close();
    assertThat(received).extracting(Envelope::instanceId).containsExactly("accepted");
    assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create(uri + "/health")).GET().build()))
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void closeWaitsForAcceptedInvocations() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> finished = new CopyOnWriteArrayList<>();
    WorkerServer s = start(e -> {
      received.add(e);
      awaitQuietly(release);
      finished.add(e.instanceId());
    });
    send(s, good("a"));
    Await.until("running", () -> received.size() == 1);
    Thread closer = Thread.ofPlatform().start(s::close);
    Await.until("the server stopped accepting", () -> get(s, "/health").statusCode() == 503);
    assertThat(closer.isAlive()).isTrue();
    release.countDown();
    closer.join(Await.HANG_GUARD.toMillis());
    assertThat(closer.isAlive()).isFalse();
    assertThat(finished).containsExactly("a");
  }

  @Test
  void otherPathsAndMethodsGet404And405() {
    WorkerServer s = start();
    assertThat(get(s, "/v1/invoke/f").statusCode()).isEqualTo(405);
    assertThat(get(s, "/v1/invoke/f").headers().firstValue("Allow")).hasValue("POST");
    assertThat(get(s, "/v1/invoke/f/x").statusCode()).isEqualTo(404);
    assertThat(get(s, "/v1/invoke/").statusCode()).isEqualTo(404);
    assertThat(get(s, "/nope").statusCode()).isEqualTo(404);
    assertThat(get(s, "/healthz").statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(URI.create(s.uri() + "/health"))
        .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(405);
  }

  @Test
  void lifecycleMisuseSaysWhatIsWrong() {
    assertThatThrownBy(() -> WorkerServer.builder().environment(env).signer(signer).function("f", 1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("worker server needs a sink");
    assertThatThrownBy(() -> WorkerServer.builder().environment(env).signer(signer).sink(e -> { }).build())
        .hasMessage("worker server 'local' serves no function: add one with function(name, concurrency)");
    assertThatThrownBy(() -> WorkerServer.builder().function("bad name", 1))
        .hasMessageStartingWith("function name 'bad name' is invalid");
    WorkerServer s = WorkerServer.builder().environment(env).signer(signer).sink(e -> { }).function("f", 1).build();
    servers.add(s);
    assertThatThrownBy(s::uri).hasMessage("worker server 'local' is not started: no address yet");
    s.start();
    assertThat(s.uri().toString()).startsWith("http://127.0.0.1:");
    assertThatThrownBy(s::start).hasMessage("worker server 'local' cannot start: it is already running");
    s.close();
    s.close();
    assertThatThrownBy(s::start).hasMessage("worker server 'local' cannot start: it is shut down; create a new one");
  }

  @Test
  void optionsAreValidatedWithTheirNames() {
    assertThatThrownBy(() -> WorkerOptions.builder().port(70_000).build())
        .hasMessage("worker option 'port' must be between 0 and 65535: 70000");
    assertThatThrownBy(() -> WorkerOptions.builder().maxBodyBytes(0).build())
        .hasMessage("worker option 'max-body-bytes' must be positive: 0");
    assertThatThrownBy(() -> WorkerOptions.builder().cloud("a b").build())
        .hasMessageStartingWith("worker option 'cloud' is invalid: 'a b'");
  }

  static void awaitQuietly(CountDownLatch l) {
    try {
      l.await(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
