package io.jointflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Link;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.Span;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.function.JointflowException;
import io.jointflow.function.TerminalException;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link WorkerHost}s on loopback sockets, clouds {@code a} and {@code b} of one clouds file
 * (SQLite state files they share), and a {@link WorkerClient} that starts runs: a run crosses both
 * workers; bad requests to a real worker are refused and logged once without their payload; bad
 * configuration fails before anything opens.
 */
class WorkerHostTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";
  /** An input that makes upper fail its run. */
  static final String FAIL = "fail";

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    http.close();
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  /** Clouds a and b, workers at the given ports (0: none yet), states in SQLite files. */
  Clouds clouds(int portA, int portB) {
    return clouds(portA, portB, io.jointflow.cloud.Limits.DEFAULT_ASYNC_PAYLOAD);
  }

  /** As {@link #clouds(int, int)}, with cloud b's async payload limit (a keeps the default, 256 KB). */
  Clouds clouds(int portA, int portB, long payloadB) {
    return Clouds.builder()
        .cloud("a", c -> c.compute(ComputeSpec.builder(ComputeType.WORKER).url(URI.create("http://127.0.0.1:" + portA)).build())
            .state("sqlite:" + dir.resolve("a.db")))
        .cloud("b", c -> c.compute(ComputeSpec.builder(ComputeType.WORKER).url(URI.create("http://127.0.0.1:" + portB)).build())
            .state("sqlite:" + dir.resolve("b.db"))
            .limits(io.jointflow.cloud.Limits.builder().asyncPayload(payloadB).build()))
        .link(Link.between("a", "b", Duration.ZERO))
        .build();
  }

  /** upper on a (failover b; it fails on {@link #FAIL}), then exclaim on b (failover a). */
  static App app() {
    return App.builder("shout")
        .functionSpec("upper", f -> f.handler(c -> {
          if (c.input().text().equals(FAIL)) {
            throw new TerminalException("upper refuses '" + FAIL + "'");
          }
          return c.emit("loud", Envelopes.MARKER + c.input().text().toUpperCase());
        }).outputs("loud").placement("a", "b"))
        .functionSpec("exclaim", f -> f.handler(c -> c.input().text() + "!").placement("b", "a"))
        .bucket("loud", b -> b.trigger("next", Trigger.immediate(), "exclaim"))
        .build();
  }

  /**
   * A second app whose functions have the names of {@link #app()}'s, placed the other way round and
   * doing something else: upper on b lower-cases, exclaim on a asks.
   */
  static App quietApp() {
    return App.builder("quiet")
        .functionSpec("upper", f -> f.handler(c -> c.emit("soft", c.input().text().toLowerCase())).outputs("soft")
            .placement("b"))
        .functionSpec("exclaim", f -> f.handler(c -> c.input().text() + "?").placement("a"))
        .bucket("soft", b -> b.trigger("next", Trigger.immediate(), "exclaim"))
        .build();
  }

  /** A worker on the port of its cloud's url, or on a free one. */
  WorkerHost worker(Clouds clouds, String cloud, boolean freePort) {
    return worker(clouds, cloud, freePort, app());
  }

  /** A worker of {@code apps}, on the port of its cloud's url or on a free one. */
  WorkerHost worker(Clouds clouds, String cloud, boolean freePort, App... apps) {
    WorkerHost.Builder b = WorkerHost.builder().clouds(clouds, cloud);
    for (App app : apps) {
      b.app(app, getClass().getClassLoader(), null);
    }
    b.key(SigningKey.of(SECRET))
        .options(JointflowOptions.defaults().withRecovery(Duration.ofMillis(200), Duration.ofSeconds(2)));
    return keep((freePort ? b.port(0) : b).build());
  }

  /** A port free a moment ago (the worker binds it next; a clash fails the test loudly, never silently). */
  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRunCrossesBothWorkersStartedByAClient() {
    Clouds clouds = clouds(freePort(), freePort());
    WorkerHost a = worker(clouds, "a", false);
    WorkerHost b = worker(clouds, "b", false);
    SystemEnvironment env = keep(SystemEnvironment.create());
    Jointflow client = keep(WorkerClient.connect(clouds, "a", SigningKey.of(SECRET), env, JointflowOptions.defaults(),
        getClass().getClassLoader()));
    client.deploy(app());

    RunInfo done = client.start("shout", Map.of("text", "hi")).await(Await.HANG_GUARD);

    assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.resultText()).isEqualTo(Envelopes.MARKER + "HI!");
    assertThat(client.run(done.runId()).spans()).extracting(Span::function, Span::cloud)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("upper", "a"), org.assertj.core.groups.Tuple.tuple("exclaim", "b"));
    assertThat(a.registry().scrape()).contains("jointflow_worker_invocations_accepted_total{app=\"shout\",cloud=\"a\",function=\"upper\"} 1.0");
    assertThat(b.registry().scrape()).contains("jointflow_worker_invocations_accepted_total{app=\"shout\",cloud=\"b\",function=\"exclaim\"} 1.0");
    assertThat(a.registry().scrape()).doesNotContain("jointflow_failovers_total");
  }

  @Test
  void twoAppsWithTheSameFunctionNamesRunConcurrentlyOnTheSameWorkers() throws Exception {
    Clouds clouds = clouds(freePort(), freePort());
    WorkerHost a = worker(clouds, "a", false, app(), quietApp());
    WorkerHost b = worker(clouds, "b", false, app(), quietApp());
    SystemEnvironment env = keep(SystemEnvironment.create());
    Jointflow client = keep(WorkerClient.connect(clouds, "a", SigningKey.of(SECRET), env, JointflowOptions.defaults(),
        getClass().getClassLoader()));
    client.deploy(app()).deploy(quietApp());
    int runs = 4;
    List<io.jointflow.core.RunHandle> shouts = new ArrayList<>();
    List<io.jointflow.core.RunHandle> quiets = new ArrayList<>();
    for (int i = 0; i < runs; i++) { // all started before any is awaited: both apps' runs are in flight together
      shouts.add(client.start("shout", Map.of("text", "Hi" + i)));
      quiets.add(client.start("quiet", Map.of("text", "Hi" + i)));
    }
    for (int i = 0; i < runs; i++) {
      RunInfo shout = shouts.get(i).await(Await.HANG_GUARD);
      RunInfo quiet = quiets.get(i).await(Await.HANG_GUARD);
      assertThat(shout.status()).as("%s", shout.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(quiet.status()).as("%s", quiet.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(shout.resultText()).isEqualTo(Envelopes.MARKER + "HI" + i + "!");
      assertThat(quiet.resultText()).isEqualTo("hi" + i + "?");
      assertThat(client.run(quiet.runId()).spans()).extracting(Span::function, Span::cloud).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("upper", "b"), org.assertj.core.groups.Tuple.tuple("exclaim", "a"));
    }
    String onA = scrape(a);
    assertThat(value(onA, "jointflow_worker_invocations_accepted_total{app=\"shout\",cloud=\"a\",function=\"upper\"}"))
        .isEqualTo(runs);
    assertThat(value(onA, "jointflow_worker_invocations_accepted_total{app=\"quiet\",cloud=\"a\",function=\"exclaim\"}"))
        .isEqualTo(runs);
    // The runtime's meters too are per app: upper runs on a for shout and on b for quiet.
    assertThat(value(onA, "jointflow_invocations_total{app=\"shout\",cloud=\"a\",function=\"upper\",outcome=\"succeeded\"}"))
        .isEqualTo(runs);
    assertThat(value(onA, "jointflow_invocations_total{app=\"quiet\",cloud=\"a\",function=\"exclaim\",outcome=\"succeeded\"}"))
        .isEqualTo(runs);
    assertThat(onA).doesNotContain("jointflow_invocations_total{app=\"quiet\",cloud=\"a\",function=\"upper\"");
    assertThat(value(scrape(b), "jointflow_invocations_total{app=\"quiet\",cloud=\"b\",function=\"upper\",outcome=\"succeeded\"}"))
        .isEqualTo(runs);
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(b.uri() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).contains("\"apps\":{\"quiet\":[\"upper\"],\"shout\":[\"exclaim\",\"upper\"]}");
  }

  @Test
  void aLostInvocationOfTheSecondAppIsRecoveredOnThatAppsPlacement() {
    Clouds clouds = clouds(freePort(), freePort());
    WorkerHost a = worker(clouds, "a", false, app(), quietApp());
    String runId;
    // quiet's entry, upper, runs on b only, and b is down: the invocation stays recorded, owned by the client.
    try (SystemEnvironment env = SystemEnvironment.create();
        Jointflow client = WorkerClient.connect(clouds, "a", SigningKey.of(SECRET), env, JointflowOptions.defaults(),
            getClass().getClassLoader())) {
      client.deploy(app()).deploy(quietApp());
      runId = client.start("quiet", Map.of("text", "Lost")).runId();
    } // the client's lease ends with it: its pending invocations are the workers' to recover
    worker(clouds, "b", false, app(), quietApp());

    // A worker's sweeper re-invokes upper where quiet places it (b; shout's upper is on a), and the run completes.
    RunInfo done = a.jointflow().run(runId).await(Await.HANG_GUARD);

    assertThat(done.status()).as("%s", done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.resultText()).isEqualTo("lost?");
    assertThat(a.jointflow().run(runId).spans()).extracting(Span::function, Span::cloud).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("upper", "b"), org.assertj.core.groups.Tuple.tuple("exclaim", "a"));
  }

  @Test
  void metricsCountEachHandlerExecutionStoreCallAndFailure() throws Exception {
    Clouds clouds = clouds(freePort(), freePort());
    WorkerHost a = worker(clouds, "a", false);
    WorkerHost b = worker(clouds, "b", false);
    SystemEnvironment env = keep(SystemEnvironment.create());
    Jointflow client = keep(WorkerClient.connect(clouds, "a", SigningKey.of(SECRET), env, JointflowOptions.defaults(),
        getClass().getClassLoader()));
    client.deploy(app());
    int runs = 5;
    for (int i = 0; i < runs; i++) {
      RunInfo done = client.start("shout", Map.of("text", "hi" + i)).await(Await.HANG_GUARD);
      assertThat(done.status()).as("%s", done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    }
    RunInfo failed = client.start("shout", Map.of("text", FAIL)).await(Await.HANG_GUARD);
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);

    String onA = scrape(a);
    String onB = scrape(b);
    assertThat(value(onA, "jointflow_invocations_total{app=\"shout\",cloud=\"a\",function=\"upper\",outcome=\"succeeded\"}")).isEqualTo(runs);
    assertThat(value(onA, "jointflow_invocations_total{app=\"shout\",cloud=\"a\",function=\"upper\",outcome=\"failed\"}")).isEqualTo(1);
    assertThat(value(onA, "jointflow_invocations_total{app=\"shout\",cloud=\"a\",function=\"upper\",outcome=\"retried\"}")).isZero();
    assertThat(value(onA, "jointflow_handler_seconds_count{app=\"shout\",cloud=\"a\",function=\"upper\"}")).isEqualTo(runs + 1);
    assertThat(value(onA, "jointflow_handler_seconds_bucket{app=\"shout\",cloud=\"a\",function=\"upper\",le=\"+Inf\"}")).isEqualTo(runs + 1);
    assertThat(value(onB, "jointflow_invocations_total{app=\"shout\",cloud=\"b\",function=\"exclaim\",outcome=\"succeeded\"}")).isEqualTo(runs);
    assertThat(value(onB, "jointflow_handler_seconds_count{app=\"shout\",cloud=\"b\",function=\"exclaim\"}")).isEqualTo(runs);
    assertThat(onA).as("a runs no exclaim").doesNotContain("function=\"exclaim\",outcome=");
    // upper reads "hiN" (3 bytes as text) and emits MARKER + "HIN"; failing with "fail" emits nothing.
    assertThat(value(onA, "jointflow_bytes_in_total{app=\"shout\",cloud=\"a\",function=\"upper\"}")).isEqualTo(runs * 3 + FAIL.length());
    assertThat(value(onA, "jointflow_bytes_out_total{app=\"shout\",cloud=\"a\",function=\"upper\"}")).isPositive();
    assertThat(value(onB, "jointflow_bytes_in_total{app=\"shout\",cloud=\"b\",function=\"exclaim\"}"))
        .isEqualTo(value(onA, "jointflow_bytes_out_total{app=\"shout\",cloud=\"a\",function=\"upper\"}"));
    // Each step commits in one batch in its home cloud's store.
    assertThat(value(onA, "jointflow_store_calls_total{cloud=\"a\",kind=\"batch\"}")).isGreaterThanOrEqualTo(runs);
    assertThat(value(onB, "jointflow_store_calls_total{cloud=\"b\",kind=\"batch\"}")).isGreaterThanOrEqualTo(runs);
    assertThat(value(onA, "jointflow_store_calls_total{cloud=\"a\",kind=\"read\"}")).isPositive();
    assertThat(value(onA, "jointflow_handlers_running{cloud=\"a\"}")).isZero();
    assertThat(onA).doesNotContain("jointflow_failovers_total");
  }

  @Test
  void anInputAboveTheTargetCloudsPayloadLimitTravelsAsABlobReference() throws Exception {
    Clouds clouds = clouds(freePort(), freePort(), 1024);
    WorkerHost a = worker(clouds, "a", false);
    WorkerHost b = worker(clouds, "b", false);
    SystemEnvironment env = keep(SystemEnvironment.create());
    Jointflow client = keep(WorkerClient.connect(clouds, "a", SigningKey.of(SECRET), env, JointflowOptions.defaults(),
        getClass().getClassLoader()));
    client.deploy(app());
    String text = "x".repeat(8000); // below the inline threshold (64 KB): nothing spills it to blobs

    RunInfo done = client.start("shout", Map.of("text", text)).await(Await.HANG_GUARD);

    assertThat(done.status()).as("%s", done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.resultText()).isEqualTo(Envelopes.MARKER + text.toUpperCase() + "!");
    String onA = scrape(a);
    String onB = scrape(b);
    // a's limit is 256 KB: upper's 8000-byte input came inline in the request body ...
    assertThat(value(onA, "jointflow_worker_received_bytes_total{app=\"shout\",cloud=\"a\",function=\"upper\"}")).isGreaterThan(8000);
    // ... b's is 1 KB: exclaim's input as large came as a blob reference, which b's host read from a's blobs.
    double input = value(onB, "jointflow_bytes_in_total{app=\"shout\",cloud=\"b\",function=\"exclaim\"}");
    assertThat(input).isGreaterThan(8000);
    assertThat(value(onB, "jointflow_worker_received_bytes_total{app=\"shout\",cloud=\"b\",function=\"exclaim\"}")).isLessThan(input / 4);
    // The backends to b fit envelopes to b's limit themselves, with or without the clouds' emulation.
    try (var toB = WorkerClient.backend(clouds.cloud("b"), RequestSigner.create(SigningKey.of(SECRET), env))) {
      assertThat(toB.limits().maxPayloadBytes()).as("b's backend has b's limit").isEqualTo(1024);
    }
  }

  @Test
  void aBodyAboveTheWorkersCloudLimitIs413() {
    WorkerHost b = worker(clouds(1, 1, 1024), "b", true);
    int limit = WorkerOptions.bodyLimit(1024);
    HttpResponse<String> tooLarge = post(b.uri(), "exclaim", Map.of(), new byte[limit + 1]);
    refused(tooLarge, 413, "too-large");
    assertThat(tooLarge.body()).contains("the body is larger than this worker's limit of " + limit + " bytes")
        .contains("must travel as blob references");
    // At the limit the size passes; this unsigned body is refused for its signature.
    refused(post(b.uri(), "exclaim", Map.of(), new byte[limit]), 401, "unsigned");
    assertThat(b.registry().scrape())
        .contains("jointflow_worker_invocations_rejected_total{app=\"<unknown>\",cloud=\"b\",function=\"<unknown>\",reason=\"too-large\"} 1.0");
  }

  /** What a worker's {@code /metrics} answers. */
  private String scrape(WorkerHost w) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(w.uri() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The value of one series in Prometheus text; fails naming the series if it is absent. */
  static double value(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in\n" + metrics));
  }

  private HttpResponse<String> post(URI worker, String function, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(worker + InvokeHandler.PREFIX + function))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(r::header);
    try {
      return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void badRequestsToARealWorkerAre401Or404AndLoggedOnceWithoutThePayload() {
    WorkerHost a = worker(clouds(1, 1), "a", true);
    URI uri = a.uri();
    SystemEnvironment env = keep(SystemEnvironment.create());
    RequestSigner good = RequestSigner.create(SigningKey.of(SECRET), env);
    RequestSigner wrongKey = RequestSigner.create(SigningKey.of("k".repeat(32)), env);
    RequestSigner stale = RequestSigner.create(SigningKey.of(SECRET), keep(ManualEnvironment.direct(1))); // 2026-01-01
    byte[] body = new EnvelopeCodec(1 << 20).encode(Envelopes.secret("upper", "x"));
    String path = InvokeHandler.PREFIX + "upper";
    try (CapturedLog log = new CapturedLog(WorkerServer.class)) {
      for (int i = 0; i < 2; i++) {
        assertThat(post(uri, "upper", Map.of(), body)).satisfies(r -> refused(r, 401, "unsigned"));
        assertThat(post(uri, "upper", wrongKey.sign("POST", path, body), body)).satisfies(r -> refused(r, 401, "bad-signature"));
        assertThat(post(uri, "upper", stale.sign("POST", path, body), body)).satisfies(r -> refused(r, 401, "stale"));
        byte[] other = new EnvelopeCodec(1 << 20).encode(Envelopes.secret("nope", "y"));
        HttpResponse<String> unknown = post(uri, "nope", good.sign("POST", InvokeHandler.PREFIX + "nope", other), other);
        refused(unknown, 404, "unknown-function");
        assertThat(unknown.body()).contains("this worker has no function 'nope'");
      }
      // A request signed right but with a body that is not an envelope passes the signature check
      // (400), so its nonce is spent: sent again, it is a replay.
      byte[] junk = ("{\"v\":1,\"x\":\"" + Envelopes.MARKER + "\"}").getBytes(StandardCharsets.UTF_8);
      Map<String, String> once = good.sign("POST", path, junk);
      refused(post(uri, "upper", once, junk), 400, "malformed");
      refused(post(uri, "upper", once, junk), 401, "replayed");
      refused(post(uri, "upper", once, junk), 401, "replayed");

      for (String reason : List.of("unsigned", "bad-signature", "stale", "unknown-function", "replayed")) {
        assertThat(log.lines()).as("log lines about %s", reason).filteredOn(l -> l.contains(" " + reason + " (")).hasSize(1);
      }
      assertThat(log.lines()).allSatisfy(l -> assertThat(l).doesNotContain(Envelopes.MARKER).contains("worker 'a' rejected"));
    }
    assertThat(a.registry().scrape())
        .contains("jointflow_worker_invocations_rejected_total{app=\"<unknown>\",cloud=\"a\",function=\"<unknown>\",reason=\"unsigned\"} 2.0")
        .contains("jointflow_worker_invocations_rejected_total{app=\"<unknown>\",cloud=\"a\",function=\"<unknown>\",reason=\"replayed\"} 2.0");
  }

  private static void refused(HttpResponse<String> r, int status, String reason) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain(Envelopes.MARKER);
  }

  @Test
  void closingStopsAcceptingAndThenRefusesConnections() throws Exception {
    WorkerHost a = worker(clouds(1, 1), "a", true);
    URI health = URI.create(a.uri() + "/health");
    assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body())
        .contains("\"status\":\"ok\"").contains("\"cloud\":\"a\"").contains("exclaim").contains("upper");
    Thread closer = Thread.ofVirtual().start(a::close);
    a.awaitClose();
    closer.join();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    a.close(); // idempotent
  }

  @Test
  void badConfigurationSaysWhatIsWrongAndOpensNothing() {
    Clouds clouds = clouds(1, 1);
    assertThatThrownBy(() -> WorkerHost.builder().clouds(clouds, "c"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cloud 'c' is unknown (clouds: a, b)");
    Clouds local = Clouds.builder().cloud("a", c -> c.state("sqlite:" + dir.resolve("l.db"))).build();
    assertThatThrownBy(() -> WorkerHost.builder().clouds(local, "a").app(app(), getClass().getClassLoader(), null)
        .key(SigningKey.of(SECRET)).build())
        .isInstanceOf(JointflowException.class)
        .hasMessageStartingWith("cloud 'a' has compute type 'local', not 'worker'");
    App elsewhere = App.builder("x").functionSpec("f", f -> f.handler(c -> 1).placement("b")).build();
    assertThatThrownBy(() -> WorkerHost.builder().clouds(clouds, "a").app(elsewhere, getClass().getClassLoader(), null)
        .key(SigningKey.of(SECRET)).build())
        .hasMessageStartingWith("app 'x' places no function on cloud 'a'");
    assertThatThrownBy(() -> WorkerHost.builder().clouds(clouds, "a").app(app(), getClass().getClassLoader(), "one.yaml")
        .app(quietApp(), getClass().getClassLoader(), "quiet.yaml").app(app(), getClass().getClassLoader(), "two.yaml")
        .key(SigningKey.of(SECRET)).build())
        .isInstanceOf(JointflowException.class)
        .hasMessageStartingWith("app 'shout' is given twice, by one.yaml and by two.yaml");
    App elsewhereToo = App.builder("y").functionSpec("f", f -> f.handler(c -> 1).placement("b")).build();
    assertThatThrownBy(() -> WorkerHost.builder().clouds(clouds, "a").app(elsewhere, getClass().getClassLoader(), null)
        .app(elsewhereToo, getClass().getClassLoader(), null).key(SigningKey.of(SECRET)).build())
        .hasMessageStartingWith("none of apps x, y places a function on cloud 'a'");
    assertThatThrownBy(() -> WorkerClient.key(clouds, v -> null))
        .hasMessageContaining("environment variable 'JOINTFLOW_CLUSTER_KEY' is not set")
        .hasMessageContaining("openssl rand -base64 32");
    assertThat(dir.resolve("a.db")).doesNotExist();
    assertThat(dir.resolve("l.db")).doesNotExist();
  }
}
