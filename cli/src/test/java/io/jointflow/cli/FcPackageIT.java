package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.FcStandIn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      Path app = dir.resolve("app.yaml");
      Files.writeString(app, """
          app: shout
          placement: [fc]
          functions:
            shout: {class: io.jointflow.cli.Upper, outputs: [mid]}
            print: {class: io.jointflow.cli.Exclaim}
          buckets:
            mid:
              triggers:
                - {name: next, type: immediate, target: print}
          """);
      Path handlers = TestFunctions.handlersJar(dir);
      Path fn = dir.resolve("shout-fc.jar");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.execute(new String[] {"package", "--cloud", "fc", "--clouds", clouds.toString(), app.toString(),
          "--jar", handlers.toString(), "-o", fn.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
      assertThat(code).as(err.toString()).isZero();

      Path log = dir.resolve("runtime.out");
      ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
          "--enable-native-access=ALL-UNNAMED", "-cp", fn.toString(), "io.jointflow.aliyun.FcRuntime")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(VARIABLES);
      pb.environment().put("FC_SERVER_PORT", "0");
      Process runtime = pb.start();
      try {
        Pattern ready = Pattern.compile("listening on port (\\d+)");
        Await.until("the packaged FC runtime printed its port (" + log + ")",
            () -> !runtime.isAlive() || ready.matcher(read(log)).find());
        Matcher m = ready.matcher(Files.readString(log));
        assertThat(m.find()).as("runtime exited: %s", Files.readString(log)).isTrue();
        URI at = URI.create("http://127.0.0.1:" + m.group(1));
        fc.deployCustomRuntime("shout-shout", at);
        fc.deployCustomRuntime("shout-print", at);

        Clouds c = CloudsDefinitions.load(clouds);
        try (Jointflow client = Jointflow.builder().clouds(c, "fc", s -> TestFunctions.backend(s, VARIABLES)).build()) {
          client.deploy(AppDefinitions.load(app, getClass().getClassLoader()).app());
          RunInfo done = client.start("shout", "r-1", Map.of("text", "hello")).await(Await.HANG_GUARD);

          assertThat(done.status()).as("%s; runtime log: %s", done.failure(), Files.readString(log))
              .isEqualTo(RunStatus.SUCCEEDED);
          assertThat(done.resultText()).isEqualTo("HELLO!");
          assertThat(fc.requests()).extracting(FcStandIn.Request::path).containsExactly(
              "/2023-03-30/functions/shout-shout/invocations", "/2023-03-30/functions/shout-print/invocations");
          assertThat(fc.failedRuns()).isZero();
          // The runtime prints a request's end line after answering it, so after the run ends.
          Await.until("the FC runtime printed the end lines of both requests (" + log + ")",
              () -> read(log).split("FC Invoke End RequestId: ", -1).length - 1 == 2);
          assertThat(read(log)).contains("FC Invoke Start RequestId: ");
        }
      } finally {
        runtime.destroyForcibly();
        runtime.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
