package io.jointflow.worker;

import static io.jointflow.worker.Envelopes.assertSameEnvelope;
import static io.jointflow.worker.Envelopes.envelope;
import static io.jointflow.worker.Envelopes.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.spi.ObjRef;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker backend against real worker servers: round trips, and every way an invocation can fail. */
class WorkerBackendFailuresTest {
  private final ManualEnvironment env = ManualEnvironment.virtualThreads(3);
  private final RequestSigner signer = RequestSigner.create(SigningKey.of(SigningKeyTest.SECRET), env);
  private final Map<String, Envelope> received = new ConcurrentHashMap<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    env.close();
  }

  private WorkerServer server(int maxBodyBytes, Consumer<Envelope> sink) {
    WorkerServer s = WorkerServer.builder().environment(env).signer(signer).sink(sink).function("f", 4)
        .options(WorkerOptions.builder().cloud("edge").maxBodyBytes(maxBodyBytes).build()).build();
    open.add(s);
    s.start();
    return s;
  }

  private WorkerServer server() {
    return server(WorkerOptions.DEFAULT_MAX_BODY_BYTES, e -> received.put(e.instanceId(), e));
  }

  private WorkerBackend backend(URI uri, RequestSigner by, WorkerBackendOptions options) {
    WorkerBackend b = WorkerBackend.create(uri, by, options);
    open.add(b);
    return b;
  }

  private WorkerBackend backend(URI uri) {
    return backend(uri, signer, WorkerBackendOptions.defaults());
  }

  private static void assertFails(ThrowingCallable call, boolean retryable, String... parts) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BackendException.class, e -> {
      assertThat(e.retryable()).as("retryable: %s", e.getMessage()).isEqualTo(retryable);
      assertThat(e.getMessage()).contains(parts);
    });
  }

  @Test
  void manyConcurrentInvocationsArriveIntact() throws Exception {
    WorkerBackend b = backend(server().uri());
    Map<String, Envelope> sent = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int caller = t;
      callers.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 100; i++) {
          String id = caller + "-" + i;
          Envelope e = envelope("f", id, List.of(
              inline("\u00e9t\u00e9-\uD83D\uDE00-" + id, ("payload " + id).repeat(i + 1)),
              new ObjRef.Stored(inline("s", "x").info(), "files", "run-1/items/" + id)));
          sent.put(id, e);
          b.invokeAsync("f", e);
        }
      }));
    }
    for (Thread t : callers) {
      t.join();
    }
    Await.until("800 invocations arrived", () -> received.size() == 800);
    sent.forEach((id, e) -> assertSameEnvelope(received.get(id), e));
    assertThat(received.values()).allSatisfy(e -> assertThat(e.signature()).matches("[0-9a-f]{64}"));
  }

  @Test
  void aWorkerStoppedMidTestIsARetryableFailureNamingTheUrlAndFunction() {
    WorkerServer s = server();
    URI uri = s.uri();
    WorkerBackend b = backend(uri);
    b.invokeAsync("f", envelope("f", "before", List.of()));
    assertThat(b.health().healthy()).isTrue();
    s.close();
    assertFails(() -> b.invokeAsync("f", envelope("f", "after", List.of())), true,
        "worker " + uri + " did not accept an invocation of function 'f'"); // "cannot connect", or a pooled connection found closed

    env.advance(Duration.ofSeconds(1));
    assertThat(b.health().healthy()).isFalse();
    assertThat(b.health().detail()).contains("worker " + uri + " unreachable");
    assertThat(received).containsOnlyKeys("before");
  }

  @Test
  void aShuttingDownWorkerIsRetryableAndItsHealthTurnsAfterTheTtl() {
    WorkerServer s = server();
    WorkerBackend b = backend(s.uri());
    assertThat(b.health()).isEqualTo(new ComputeBackend.Health(true, "worker " + s.uri() + " ok, 0 in flight"));
    s.shutdown();
    assertFails(() -> b.invokeAsync("f", envelope("f", "late", List.of())), true, "503 shutting-down");
    assertThat(b.health().healthy()).as("cached within the TTL").isTrue();
    env.advance(Duration.ofSeconds(1));
    assertThat(b.health()).isEqualTo(new ComputeBackend.Health(false, "worker " + s.uri() + " shutting-down, 0 in flight"));
  }

  @Test
  void anOverloadedWorkerIsRetryable() {
    CountDownLatch release = new CountDownLatch(1);
    WorkerServer s = WorkerServer.builder().environment(env).signer(signer).function("f", 1)
        .sink(e -> WorkerServerTest.awaitQuietly(release))
        .options(WorkerOptions.builder().maxPending(1).build()).build();
    open.add(s);
    s.start();
    WorkerBackend b = backend(s.uri());
    b.invokeAsync("f", envelope("f", "first", List.of()));
    assertFails(() -> b.invokeAsync("f", envelope("f", "second", List.of())), true, "503 overloaded");
    release.countDown();
    Await.until("the first finished", () -> s.inFlight() == 0);
    b.invokeAsync("f", envelope("f", "third", List.of()));
  }

  @Test
  void anotherKeyIsNotRetryableAndSaysWhy() {
    WorkerBackend b = backend(server().uri(), RequestSigner.create(SigningKey.of("x".repeat(40)), env),
        WorkerBackendOptions.defaults());
    assertFails(() -> b.invokeAsync("f", envelope("f", "i", List.of())), false,
        "401 bad-signature (the signature does not match");
  }

  @Test
  void aSkewedClockIsNotRetryableAndSaysStale() {
    ManualEnvironment skewed = ManualEnvironment.direct(1);
    skewed.advance(Duration.ofMinutes(6));
    WorkerBackend b = backend(server().uri(), RequestSigner.create(SigningKey.of(SigningKeyTest.SECRET), skewed),
        WorkerBackendOptions.defaults());
    assertFails(() -> b.invokeAsync("f", envelope("f", "i", List.of())), false, "401 stale");
  }

  @Test
  void anUnknownFunctionIsNotRetryable() {
    WorkerBackend b = backend(server().uri());
    assertFails(() -> b.invokeAsync("g", envelope("g", "i", List.of())), false,
        "function 'g'", "404 unknown-function (this worker has no function 'g')");
    assertFails(() -> b.invokeAsync("../x", envelope("f", "i", List.of())), false, "function name '../x' is invalid");
  }

  @Test
  void anEnvelopeAboveTheWorkersLimitIsNotRetryable() {
    WorkerBackend b = backend(server(1024, e -> received.put(e.instanceId(), e)).uri());
    assertFails(() -> b.invokeAsync("f", envelope("f", "big", List.of(inline("k", "x".repeat(5000))))), false,
        "413 too-large (the body is larger than this worker's limit of 1024 bytes; inputs above the cloud's async payload"
            + " limit must travel as blob references)");
  }

  @Test
  void anEnvelopeAboveTheBackendsLimitIsRefusedBeforeSending() {
    WorkerServer s = server();
    WorkerBackend b = backend(s.uri(), signer, WorkerBackendOptions.builder()
        .limits(new ComputeBackend.Limits(1024, 0)).build());
    // The payload limit bounds inline input bytes (base64 on the wire) with headroom for the envelope.
    int body = WorkerOptions.bodyLimit(1024);
    assertThat(body).isEqualTo(1368 + WorkerOptions.ENVELOPE_HEADROOM);
    assertFails(() -> b.invokeAsync("f", envelope("f", "big", List.of(inline("k", "x".repeat(body))))), false,
        "cannot take function 'f': envelope of instance 'big' is too large");
    b.invokeAsync("f", envelope("f", "fits", List.of(inline("k", "x".repeat(1024)))));
    b.invokeAsync("f", envelope("f", "small", List.of()));
    Await.until("both arrived", () -> received.containsKey("small") && received.containsKey("fits"));
    assertThat(received).containsOnlyKeys("fits", "small");
    assertThat(s.registry().find(WorkerMetrics.RECEIVED).counter().count()).isLessThan(body);
  }

  @Test
  void aWorkerThatNeverAnswersIsARetryableTimeout() throws Exception {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(silent);
    List<Socket> accepted = new ArrayList<>();
    Thread acceptor = Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          accepted.add(silent.accept()); // read nothing, answer nothing
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort());
    WorkerBackend b = backend(uri, signer, WorkerBackendOptions.builder().requestTimeout(Duration.ofMillis(200)).build());
    assertFails(() -> b.invokeAsync("f", envelope("f", "i", List.of())), true,
        "worker " + uri + " did not accept an invocation of function 'f': no answer in time");
    silent.close();
    acceptor.join();
    for (Socket s : accepted) {
      s.close();
    }
  }

  @Test
  void aConnectionDroppedUnderTheRequestIsResentOnceSignedAnew() throws Exception {
    // The first connection is closed after the request is read, with no answer (as when the client's
    // pool closes a kept-alive connection under a request); the second is answered 202.
    ServerSocket flaky = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(flaky);
    List<String> nonces = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread acceptor = Thread.ofVirtual().start(() -> {
      try {
        for (int n = 0; ; n++) {
          try (Socket c = flaky.accept()) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                java.nio.charset.StandardCharsets.ISO_8859_1));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
              if (line.toLowerCase(java.util.Locale.ROOT).startsWith(RequestSigner.NONCE_HEADER.toLowerCase(java.util.Locale.ROOT) + ":")) {
                nonces.add(line.substring(line.indexOf(':') + 1).strip());
              }
            }
            if (n > 0) {
              c.getOutputStream().write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
              c.getOutputStream().flush();
            }
          }
        }
      } catch (IOException closed) {
        // the test is over
      }
    });
    WorkerBackend b = backend(URI.create("http://127.0.0.1:" + flaky.getLocalPort()));

    b.invokeAsync("f", envelope("f", "i", List.of()));

    assertThat(nonces).hasSize(2).doesNotHaveDuplicates();
    flaky.close();
    acceptor.join();
  }

  @Test
  void optionsAndEndpointsAreValidated() {
    assertThatThrownBy(() -> WorkerBackendOptions.builder().requestTimeout(Duration.ZERO).build())
        .hasMessage("worker backend option 'request-timeout' must be positive: PT0S");
    assertThatThrownBy(() -> WorkerBackendOptions.builder().limits(new ComputeBackend.Limits(0, 0)).build())
        .hasMessage("worker backend option 'max-payload-bytes' must be positive: 0");
    assertThatThrownBy(() -> WorkerBackend.create(URI.create("ftp://host/"), signer, WorkerBackendOptions.defaults()))
        .hasMessage("worker endpoint 'ftp://host/' is not an http(s) URL with a host");
    WorkerBackend b = backend(URI.create("http://127.0.0.1:1/"));
    assertThat(b.name()).isEqualTo("worker");
    assertThat(b.limits()).isEqualTo(new ComputeBackend.Limits(io.jointflow.cloud.Limits.DEFAULT_ASYNC_PAYLOAD, 0));
    assertThat(WorkerOptions.bodyLimit(io.jointflow.cloud.Limits.DEFAULT_ASYNC_PAYLOAD))
        .as("the default backend's bodies fit a default worker").isLessThanOrEqualTo(WorkerOptions.DEFAULT_MAX_BODY_BYTES);
    assertThat(WorkerOptions.bodyLimit(Long.MAX_VALUE)).isEqualTo(1 << 30);
    assertThatThrownBy(() -> WorkerOptions.bodyLimit(0)).hasMessage("async payload limit must be positive: 0");
  }
}
