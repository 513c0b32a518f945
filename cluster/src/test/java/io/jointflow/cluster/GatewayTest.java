package io.jointflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Environment;
import io.jointflow.testkit.RedisServer;
import io.jointflow.testkit.WorkerCloudsFile;
import io.jointflow.worker.RequestSigner;
import io.jointflow.worker.SigningKey;
import io.jointflow.worker.WorkerBackend;
import io.jointflow.worker.WorkerBackendOptions;
import io.jointflow.worker.WorkerOptions;
import io.jointflow.worker.WorkerServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-cloud cluster in this process, on real sockets and a real Redis per cloud: a worker host
 * per cloud (its functions here, the other cloud's through its worker) and a gateway that reaches
 * both only through their workers. The fan-out example gives the same report through the gateway
 * as embedded; the spans show both clouds; a wrong token, an unknown run and a bad start request
 * get clear refusals.
 */
class GatewayTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final SigningKey KEY = SigningKey.of("k".repeat(40));

  @TempDir
  static Path dir;
  private static RedisServer redisAws;
  private static RedisServer redisAli;
  private static final List<AutoCloseable> open = new ArrayList<>();
  private static GatewayClient client;
  private static Gateway gateway;
  private static byte[] data;

  @BeforeAll
  static void startCluster() throws Exception {
    redisAws = RedisServer.start();
    redisAli = RedisServer.start();
    Path cloudsFile = WorkerCloudsFile.write(dir, redisAws, redisAli, "2ms");
    Clouds clouds = CloudsDefinitions.load(cloudsFile);
    Path appFile = Path.of("../examples/clouds/fanout-two-clouds.yaml").toAbsolutePath().normalize();
    LoadedApp app = AppDefinitions.load(appFile, GatewayTest.class.getClassLoader(), clouds);
    data = Files.readAllBytes(Path.of("../examples/data/us-births-1969-1988.csv"));
    for (String cloud : List.of("aws", "ali")) {
      Jointflow host = Jointflow.builder()
          .clouds(clouds, cloud, c -> c.name().equals(cloud) ? null : backend(c.compute().url())).build();
      open.add(host);
      host.deploy(app.app(), GatewayTest.class.getClassLoader(), appFile.toString());
      Environment env = io.jointflow.core.SystemEnvironment.create();
      open.add((AutoCloseable) env);
      WorkerServer.Builder server = WorkerServer.builder().environment(env)
          .signer(RequestSigner.create(KEY, env)).sink(host::deliver)
          .options(WorkerOptions.builder().cloud(cloud).port(clouds.cloud(cloud).compute().url().getPort()).build());
      app.app().functions().keySet().forEach(f -> server.function(f, 0));
      WorkerServer ws = server.build();
      ws.start();
      open.add(ws);
    }
    Jointflow front = Jointflow.builder().client(clouds, c -> backend(c.compute().url())).build();
    open.add(front);
    front.deploy(app.app(), GatewayTest.class.getClassLoader(), appFile.toString());
    gateway = Gateway.start(front, List.of("fanout"), GatewayOptions.of(TOKEN));
    open.add(gateway);
    client = GatewayClient.create(gateway.uri(), TOKEN);
  }

  private static ComputeBackend backend(URI url) {
    return WorkerBackend.create(url, RequestSigner.create(KEY, io.jointflow.core.SystemEnvironment.create()),
        WorkerBackendOptions.defaults());
  }

  @AfterAll
  static void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    redisAws.close();
    redisAli.close();
  }

  @Test
  void fanOutThroughTheGatewayGivesTheEmbeddedResultAndSpansInBothClouds() throws Exception {
    String embedded;
    try (Jointflow local = Jointflow.builder().state("memory").build()) {
      LoadedApp plain = AppDefinitions.load(Path.of("../examples/fanout.yaml"), GatewayTest.class.getClassLoader());
      local.deploy(plain.app(), GatewayTest.class.getClassLoader(), "fanout.yaml");
      var info = local.start("fanout", Map.of("data", data, "chunks", "6")).await(Duration.ofMinutes(5));
      assertThat(info.status()).isEqualTo(RunStatus.SUCCEEDED);
      embedded = info.resultText();
    }
    String runId = client.start("fanout", null, Map.of("data", data, "chunks", "6"));
    GatewayClient.RemoteRun run = client.await(runId, Duration.ofSeconds(30));
    long guard = System.nanoTime() + io.jointflow.testkit.Await.HANG_GUARD.toNanos();
    while (run.status() == RunStatus.RUNNING && System.nanoTime() < guard) {
      run = client.await(runId, Duration.ofSeconds(30));
    }
    assertThat(run.status()).as("failure: %s", run.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(new String(run.result(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(embedded);

    var spans = client.spans(runId);
    Set<String> clouds = new java.util.HashSet<>();
    spans.path("spans").forEach(s -> clouds.add(s.path("function").asText() + "@" + s.path("cloud").asText()));
    // split + 6 summaries + merge + weekday + yearly + report, each on its primary cloud
    assertThat(spans.path("spans").size()).isEqualTo(11);
    assertThat(clouds).contains("split@aws", "summarize@ali", "merge@aws", "weekday@ali", "yearly@aws", "report@ali");
    assertThat(spans.path("makespanMillis").asLong()).isPositive();
    assertThat(spans.path("cost").path("byCloud").properties().stream().map(Map.Entry::getKey)
        .collect(Collectors.toSet())).containsExactlyInAnyOrder("aws", "ali");

    // Starting the same run id again returns it instead of running it twice.
    assertThat(client.start("fanout", runId, Map.of("data", data, "chunks", "6"))).isEqualTo(runId);
    assertThat(client.await(runId, Duration.ZERO).status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void refusesWithoutTheTokenAndSaysHowToSendIt() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(gateway.uri().resolve("/v1/runs/x")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("Authorization: Bearer TOKEN");
    long before = gateway.rejected();
    assertThatThrownBy(() -> GatewayClient.create(gateway.uri(), "wrong-token-0123456789").start("fanout", null, Map.of()))
        .isInstanceOf(JointflowException.class).hasMessageContaining("(401)");
    assertThat(gateway.rejected()).isEqualTo(before + 1);
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(gateway.uri().resolve("/health")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\",\"apps\":[\"fanout\"]}");
  }

  @Test
  void unknownRunsAppsAndBadRequestsAreRefusedClearly() throws Exception {
    assertThatThrownBy(() -> client.await("no-such-run", Duration.ZERO))
        .isInstanceOf(JointflowException.class).hasMessageContaining("(404)");
    assertThatThrownBy(() -> client.start("nope", null, Map.of()))
        .isInstanceOf(JointflowException.class).hasMessageContaining("(400)")
        .hasMessageContaining("app 'nope' is not served by this cluster (apps: fanout)");
    HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.uri().resolve("/v1/runs"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not JSON");
  }

}
