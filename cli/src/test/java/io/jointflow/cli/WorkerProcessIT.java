package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.core.SystemEnvironment;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import io.jointflow.worker.RequestSigner;
import io.jointflow.worker.SigningKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code jointflow worker} OS process: it prints its ready line, refuses unsigned, wrongly
 * signed, stale and replayed requests with 401 and an unknown function with 404, logs each reason
 * once on stderr without the payload, and exits on SIGTERM.
 */
class WorkerProcessIT {
  static final String KEY = "0123456789abcdef0123456789abcdef";
  static final String MARKER = "PAYLOAD-MARKER";

  @TempDir
  Path dir;

  @Test
  void aWorkerProcessRefusesBadRequestsLogsThemOnceAndStopsOnSigterm() throws Exception {
    int port = freePort();
    Path clouds = Files.writeString(dir.resolve("clouds.yaml"), WorkerCommandTest.CLOUDS
        .replace("http://127.0.0.1:1", "http://127.0.0.1:" + port).replace("JOINTFLOW_TEST_KEY_THAT_IS_NEVER_SET", "TEST_KEY"));
    Path app = Files.writeString(dir.resolve("app.yaml"), WorkerCommandTest.APP);
    try (WorkerProcesses workers = new WorkerProcesses(dir, Map.of("TEST_KEY", KEY),
        List.of("--config", clouds.toString(), "--app", app.toString()));
        HttpClient http = HttpClient.newHttpClient();
        SystemEnvironment env = SystemEnvironment.create();
        ManualEnvironment past = ManualEnvironment.direct(1)) {
      Process p = workers.start("a");
      assertThat(WorkerProcesses.read(dir.resolve("a-0.out")).lines().toList())
          .containsExactly("worker a listening on http://127.0.0.1:" + port);
      URI base = URI.create("http://127.0.0.1:" + port);
      RequestSigner good = RequestSigner.create(SigningKey.of(KEY), env);
      byte[] body = ("{\"v\":1,\"secret\":\"" + MARKER + "\"}").getBytes(StandardCharsets.UTF_8);
      String path = "/v1/invoke/upper";
      for (int i = 0; i < 2; i++) {
        expect(http, base, path, Map.of(), body, 401, "unsigned");
        expect(http, base, path, RequestSigner.create(SigningKey.of("k".repeat(32)), env).sign("POST", path, body), body,
            401, "bad-signature");
        expect(http, base, path, RequestSigner.create(SigningKey.of(KEY), past).sign("POST", path, body), body, 401, "stale");
        expect(http, base, "/v1/invoke/nope", good.sign("POST", "/v1/invoke/nope", body), body, 404, "unknown-function");
      }
      Map<String, String> once = good.sign("POST", path, body);
      expect(http, base, path, once, body, 400, "malformed");
      expect(http, base, path, once, body, 401, "replayed");
      expect(http, base, path, once, body, 401, "replayed");

      Path err = dir.resolve("a-0.err");
      Await.until("the worker logged the replay", () -> WorkerProcesses.read(err).contains(" replayed ("));
      List<String> log = WorkerProcesses.read(err).lines().filter(l -> l.contains("rejected")).toList();
      for (String reason : List.of("unsigned", "bad-signature", "stale", "unknown-function", "replayed")) {
        assertThat(log).as("log lines about %s in %s", reason, err).filteredOn(l -> l.contains(" " + reason + " (")).hasSize(1);
      }
      assertThat(WorkerProcesses.read(err)).doesNotContain(MARKER);

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      assertThat(p.exitValue()).as("exit code after SIGTERM (%s)", WorkerProcesses.read(err)).isIn(0, 143);
    }
  }

  private static void expect(HttpClient http, URI base, String path, Map<String, String> headers, byte[] body,
      int status, String reason) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(r::header);
    HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("%s: %s", reason, res.body()).isEqualTo(status);
    assertThat(res.body()).contains("\"reason\":\"" + reason + "\"").doesNotContain(MARKER);
  }

  static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
