package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.FcStandIn;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar {@code jointflow package} builds for an aliyun-fc cloud, run as FC runs a custom runtime:
 * its own JVM started with the jar alone on the class path ({@code java -cp FUNCTION.jar
 * io.jointflow.aliyun.FcRuntime}), reached through FC's invoke API (the in-project stand-in; no FC
 * emulator runs here without Docker). A client host here starts a run; both steps run in the
 * packaged runtime, the first invoking the second through the same API, and the run ends with the
 * result in the state both share.
 */
class FcPackageIT {
  private static final String KEY = "LTAI5tJointflowPackageIT";
  private static final Map<String, String> VARIABLES = Map.of("FC_TEST_ID", KEY, "FC_TEST_SECRET", "secret");

  @TempDir
  Path dir;

  @Test
  void aPackagedFunctionComputeJarRunsAChainInItsOwnProcess() throws Exception {
    try (FcStandIn fc = FcStandIn.start(KEY, 4)) {
      Path clouds = dir.resolve("clouds.yaml");
      Files.writeString(clouds, """
          clouds:
            fc:
              compute:
                type: aliyun-fc
                options: {region: cn-hangzhou, endpoint: "%s", function-prefix: shout-}
                credentials-env: [FC_TEST_ID, FC_TEST_SECRET]
              state: sqlite:%s
              blobs: filesystem:%s
          """.formatted(fc.endpoint(), dir.resolve("state.db"), dir.resolve("blobs")));
      Path app = TestFunctions.shoutApp(dir, "fc");
      Path fn = TestFunctions.packageJar(dir, clouds, app, "fc", dir.resolve("shout-fc.jar"));

      Map<String, String> env = new java.util.HashMap<>(VARIABLES);
      env.put("FC_SERVER_PORT", "0");
      try (TestFunctions.Launched runtime = TestFunctions.start(fn.toString(), "io.jointflow.aliyun.FcRuntime", List.of(),
          env, dir.resolve("runtime.out"))) {
        URI at = URI.create("http://127.0.0.1:" + runtime.port());
        fc.deployCustomRuntime("shout-shout", at);
        fc.deployCustomRuntime("shout-print", at);

        try (Jointflow client = Jointflow.builder()
            .clouds(CloudsDefinitions.load(clouds), "fc", s -> TestFunctions.backend(s, VARIABLES)).build()) {
          client.deploy(AppDefinitions.load(app, getClass().getClassLoader()).app());
          RunInfo done = client.start("shout", "r-1", Map.of("text", "hello")).await(Await.HANG_GUARD);

          assertThat(done.status()).as("%s; runtime log: %s", done.failure(), runtime.output())
              .isEqualTo(RunStatus.SUCCEEDED);
          assertThat(done.resultText()).isEqualTo("HELLO!");
          assertThat(fc.requests()).extracting(FcStandIn.Request::path).containsExactly(
              "/2023-03-30/functions/shout-shout/invocations", "/2023-03-30/functions/shout-print/invocations");
          assertThat(fc.failedRuns()).isZero();
          // The runtime prints a request's end line after answering it, so after the run ends.
          Await.until("the FC runtime printed the end lines of both requests (" + runtime.log() + ")",
              () -> runtime.output().split("FC Invoke End RequestId: ", -1).length - 1 == 2);
          assertThat(runtime.output()).contains("FC Invoke Start RequestId: ");
        }
      }
    }
  }
}
