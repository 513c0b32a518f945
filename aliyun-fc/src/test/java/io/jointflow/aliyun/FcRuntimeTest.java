package io.jointflow.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.FcStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Function Compute entry point ({@link FcRuntime}, a custom runtime) behind the FC stand-in: a
 * client host starts a run whose entry invocation goes through FC's invoke API (the stand-in), which
 * delivers it to the runtime's {@code POST /invoke} as FC delivers events to a custom runtime; the
 * runtime runs the step and invokes the successor through the same API, and the run ends with the
 * result in the shared state store, each handler run once. The stand-in is ours (no FC emulator runs
 * here without Docker), and the runtime runs in this JVM rather than in its own process.
 */
class FcRuntimeTest {
  private static final String KEY_ID = FcBackendContractTest.KEY_ID;

  @TempDir
  Path dir;

  @Test
  void eachEventRunsItsStepAndInvokesTheNextFunctionThroughFunctionCompute() throws Exception {
    Shout.RUNS.set(0);
    Exclaim.RUNS.set(0);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (FcStandIn fc = FcStandIn.start(KEY_ID, 4)) {
      Map<String, String> vars = files(fc.endpoint());
      try (FcRuntime runtime = FcRuntime.start(new InetSocketAddress("127.0.0.1", 0), vars::get,
          getClass().getClassLoader(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
        URI at = URI.create("http://127.0.0.1:" + runtime.port());
        fc.deployCustomRuntime("shout-prod-shout", at);
        fc.deployCustomRuntime("shout-prod-print", at);
        Clouds clouds = CloudsDefinitions.load(Path.of(vars.get("JOINTFLOW_CLOUDS")));
        try (Jointflow client = Jointflow.builder()
            .clouds(clouds, "fc", c -> new FcBackendProvider().open(c, null, vars::get)).build()) {
          client.deploy(AppDefinitions.load(Path.of(vars.get("JOINTFLOW_APP")), getClass().getClassLoader()).app());

          RunInfo done = client.start("shout", "r-1", Map.of("text", "hello")).await(Await.HANG_GUARD);

          assertThat(done.status()).as(done.failure()).isEqualTo(RunStatus.SUCCEEDED);
          assertThat(done.resultText()).isEqualTo("HELLO!");
          assertThat(fc.requests()).extracting(FcStandIn.Request::path).containsExactly(
              "/2023-03-30/functions/shout-prod-shout/invocations", "/2023-03-30/functions/shout-prod-print/invocations");
          assertThat(fc.requests()).allSatisfy(r -> assertThat(r.invocationType()).isEqualTo("Async"));
          assertThat(Shout.RUNS).hasValue(1);
          assertThat(Exclaim.RUNS).hasValue(1);
          assertThat(fc.failedRuns()).isZero();
        }
        // The runtime prints a request's end line after answering it, so after the run ends.
        Await.until("the runtime printed the end lines of both requests",
            () -> log.toString(StandardCharsets.UTF_8).split("FC Invoke End RequestId: 1-", -1).length - 1 == 2);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("FC Invoke Start RequestId: 1-");

        // Not an envelope: answered (so FC does not retry it), not run.
        HttpResponse<String> bad = post(at.resolve("/invoke"), "{\"no\":\"envelope\"}");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("\"status\":\"error\"");
        assertThat(post(at.resolve("/invoke"), "{\"jointflow\":\"sweep\"}").body()).contains("\"status\":\"swept\"");
        HttpResponse<String> other = post(at.resolve("/http-invoke"), "x");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("x-fc-status")).hasValue("404");
        assertThat(other.body()).contains("serves POST /invoke and POST /initialize");
      }
    }
  }

  @Test
  void aHostThatCannotStartAnswersAFailedInvocationNamingTheFixAndTriesAgainOnTheNextEvent() throws Exception {
    Map<String, String> vars = new HashMap<>(files(URI.create("http://127.0.0.1:9")));
    vars.put("JOINTFLOW_CLOUD", "nowhere");
    try (FcRuntime runtime = FcRuntime.start(new InetSocketAddress("127.0.0.1", 0), vars::get,
        getClass().getClassLoader(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      URI at = URI.create("http://127.0.0.1:" + runtime.port());
      HttpResponse<String> r = post(at.resolve("/initialize"), "");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.headers().firstValue("x-fc-status")).hasValue("404");
      assertThat(r.body()).contains("cloud 'nowhere' is not in the clouds file").contains("set JOINTFLOW_CLOUD");

      vars.put("JOINTFLOW_CLOUD", "fc");
      assertThat(post(at.resolve("/initialize"), "").statusCode()).isEqualTo(200);
    }
  }

  /** The clouds and app files of one aliyun-fc cloud {@code fc} at {@code endpoint}, and the variables that name them. */
  private Map<String, String> files(URI endpoint) throws Exception {
    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(clouds, """
        clouds:
          fc:
            compute:
              type: aliyun-fc
              options: {region: cn-hangzhou, endpoint: "%s", function-prefix: shout-prod-}
              credentials-env: [FC_TEST_ID, FC_TEST_SECRET]
            state: sqlite:%s
        """.formatted(endpoint, dir.resolve("state.db")));
    Path app = dir.resolve("app.yaml");
    Files.writeString(app, """
        app: shout
        placement: [fc]
        functions:
          shout: {class: io.jointflow.aliyun.Shout, outputs: [loud]}
          print: {class: io.jointflow.aliyun.Exclaim}
        buckets:
          loud:
            triggers:
              - {name: next, type: immediate, target: print}
        """);
    Map<String, String> vars = new HashMap<>();
    vars.put("FC_TEST_ID", KEY_ID);
    vars.put("FC_TEST_SECRET", "secret");
    vars.put("JOINTFLOW_CLOUDS", clouds.toString());
    vars.put("JOINTFLOW_APP", app.toString());
    vars.put("JOINTFLOW_CLOUD", "fc");
    return vars;
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
