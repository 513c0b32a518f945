package io.jointflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Link;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http} compute type: a worker behind a forwarding proxy, reached by a host whose clouds
 * file calls that cloud {@code http} at the proxy's URL; and the options of the provider.
 */
class HttpComputeTest {
  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, String> vars = Map.of("JOINTFLOW_CLUSTER_KEY", WorkerHostTest.SECRET);

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  /** Forwards every request unchanged (method, path, body, signature headers) to {@code target}; records paths. */
  private HttpServer proxy(URI target, List<String> seen) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpClient client = HttpClient.newHttpClient();
    http.createContext("/", ex -> {
      try (ex) {
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().getRawPath()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
        ex.getRequestHeaders().forEach((name, values) -> {
          if (name.toLowerCase().startsWith("x-jointflow-") || name.equalsIgnoreCase("content-type")) {
            values.forEach(v -> out.header(name, v));
          }
        });
        HttpResponse<byte[]> r = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        ex.getResponseBody().write(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    http.start();
    open.add(() -> {
      http.stop(0);
      client.close();
    });
    return http;
  }

  private Clouds clouds(ComputeSpec b) {
    return Clouds.builder()
        .cloud("a", c -> c.state("sqlite:" + dir.resolve("a.db")))
        .cloud("b", c -> c.compute(b).state("sqlite:" + dir.resolve("b.db")))
        .link(Link.between("a", "b", Duration.ZERO))
        .build();
  }

  @Test
  void aRunReachesAWorkerBehindAProxyAsAnHttpCloud() throws Exception {
    int port = WorkerHostTest.freePort();
    Clouds workerView = clouds(ComputeSpec.builder(ComputeType.WORKER).url(URI.create("http://127.0.0.1:" + port)).build());
    WorkerHost b = keep(WorkerHost.builder().clouds(workerView, "b").app(WorkerHostTest.app(), getClass().getClassLoader(), null)
        .key(SigningKey.of(WorkerHostTest.SECRET)).build());
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer proxy = proxy(b.uri(), seen);
    Clouds callerView = clouds(ComputeSpec.builder(ComputeType.HTTP)
        .url(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort())).build());
    SystemEnvironment env = keep(SystemEnvironment.create());
    Jointflow a = keep(Jointflow.builder().environment(env)
        .options(JointflowOptions.defaults().withRecovery(Duration.ofMillis(200), Duration.ofSeconds(2)))
        .clouds(callerView, "a", c -> c.name().equals("b") ? new HttpComputeProvider().open(c, env, vars::get) : null)
        .build());
    a.deploy(WorkerHostTest.app());

    RunInfo done = a.start("shout", Map.of("text", "hi")).await(Await.HANG_GUARD);

    assertThat(done.status()).as("%s", done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(done.resultText()).isEqualTo(Envelopes.MARKER + "HI!");
    assertThat(seen).containsExactly("POST /v1/invoke/exclaim");
    assertThat(b.registry().scrape()).contains("jointflow_worker_invocations_accepted_total{app=\"shout\",cloud=\"b\",function=\"exclaim\"} 1.0");
    assertThat(a.failoverCount()).isZero();
  }

  @Test
  void thePathOptionPlacesTheFunctionNameAndRequestsAreSigned() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer faas = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    faas.createContext("/", ex -> {
      try (ex) {
        seen.add(ex.getRequestURI().getRawPath() + " signed=" + (ex.getRequestHeaders().getFirst(RequestSigner.SIGNATURE_HEADER) != null));
        ex.sendResponseHeaders(202, -1);
      }
    });
    faas.start();
    open.add(() -> faas.stop(0));
    CloudSpec b = clouds(ComputeSpec.builder(ComputeType.HTTP).url(URI.create("http://127.0.0.1:" + faas.getAddress().getPort()))
        .option("path", "/function/jf-{function}").option("key-env", "MY_KEY").build()).cloud("b");
    SystemEnvironment env = keep(SystemEnvironment.create());
    ComputeBackendProvider p = ServiceLoader.load(ComputeBackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.type().equals("http")).findFirst().orElseThrow();
    try (ComputeBackend backend = p.open(b, env, Map.of("MY_KEY", WorkerHostTest.SECRET)::get)) {
      assertThat(backend.name()).isEqualTo("http");
      backend.invokeAsync("shout", new Envelope("app", "run", "shout", "i1", "start", List.of(), List.of(), 0, 0,
          Long.MAX_VALUE, "run", null));
    }
    assertThat(seen).containsExactly("/function/jf-shout signed=true");
  }

  @Test
  void badOptionsAndAMissingKeySayWhatToDo() {
    URI url = URI.create("http://127.0.0.1:9");
    SystemEnvironment env = keep(SystemEnvironment.create());
    HttpComputeProvider p = new HttpComputeProvider();
    assertThatThrownBy(() -> p.open(clouds(ComputeSpec.builder(ComputeType.HTTP).url(url).option("colour", "red").build())
        .cloud("b"), env, vars::get)).hasMessageContaining("unknown compute option 'colour' (valid: path, key-env)");
    assertThatThrownBy(() -> p.open(clouds(ComputeSpec.builder(ComputeType.HTTP).url(url).option("path", "/invoke").build())
        .cloud("b"), env, vars::get)).hasMessageContaining("must start with '/' and contain {function}");
    assertThatThrownBy(() -> p.open(clouds(ComputeSpec.builder(ComputeType.HTTP).url(url).build()).cloud("b"), env,
        Map.<String, String>of()::get))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("JOINTFLOW_CLUSTER_KEY")
        .satisfies(e -> assertThat(((BackendException) e).retryable()).isTrue());
  }
}
