package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.JavaInvokeServer;
import io.jointflow.testkit.ServerlessOffline;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar {@code jointflow package} builds for an aws-lambda cloud, run behind serverless-offline's
 * real Lambda API: both functions are {@code java17} functions of serverless-offline, which hands
 * their invocations to {@link JavaInvokeServer} (in place of {@code java-invoke-local --server},
 * whose Groovy runner does not start on JDK 21+), a process of its own with the packaged jar on its
 * class path that calls {@code JointflowLambdaHandler::handleRequest} as Lambda's Java runtime does.
 * A client host starts a run; the first step, inside that process, invokes the second through
 * serverless-offline's {@code Invoke} API (asynchronous), and the run ends with the result in the
 * state both share. serverless-offline only knows runtimes up to {@code java17}; the jar needs Java
 * 21, which the server process has.
 */
class LambdaPackageIT {
  private static final String HANDLER = PackageCommand.HANDLER;
  private static final Map<String, String> VARIABLES = Map.of("TEST_AWS_KEY_ID", "x", "TEST_AWS_SECRET", "x");

  @TempDir
  Path dir;

  @Test
  void aPackagedLambdaJarRunsAChainThroughServerlessOfflinesInvokeApi() throws Exception {
    int lambdaPort = ServerlessOffline.freePort();
    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(clouds, """
        clouds:
          aws:
            compute:
              type: aws-lambda
              options: {region: us-east-1, endpoint: "http://127.0.0.1:%d", function-prefix: shout-dev-}
              credentials-env: [TEST_AWS_KEY_ID, TEST_AWS_SECRET]
            state: sqlite:%s
            blobs: filesystem:%s
        """.formatted(lambdaPort, dir.resolve("state.db"), dir.resolve("blobs")));
    Path app = dir.resolve("app.yaml");
    Files.writeString(app, """
        app: shout
        placement: [aws]
        functions:
          shout: {class: io.jointflow.cli.Upper, outputs: [mid]}
          print: {class: io.jointflow.cli.Exclaim}
        buckets:
          mid:
            triggers:
              - {name: next, type: immediate, target: print}
        """);
    Path fn = dir.resolve("shout-aws-lambda.jar");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"package", "--cloud", "aws", "--clouds", clouds.toString(), app.toString(),
        "--jar", TestFunctions.handlersJar(dir).toString(), "-o", fn.toString()}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();

    Path testkit = Path.of(JavaInvokeServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path log = dir.resolve("java-invoke.out");
    ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", fn + File.pathSeparator + testkit,
        JavaInvokeServer.class.getName(), "0").redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(VARIABLES);
    Process runtime = pb.start();
    try {
      Pattern ready = Pattern.compile("listening on port (\\d+)");
      Await.until("the Java server printed its port (" + log + ")",
          () -> !runtime.isAlive() || ready.matcher(read(log)).find());
      Matcher m = ready.matcher(read(log));
      assertThat(m.find()).as("the Java server exited: %s", read(log)).isTrue();
      try (ServerlessOffline sls = ServerlessOffline.builder("shout").java("shout", HANDLER).java("print", HANDLER)
          .lambdaPort(lambdaPort).processEnvironment("JAVA_OFFLINE_SERVER", m.group(1)).start();
          Jointflow client = Jointflow.builder()
              .clouds(CloudsDefinitions.load(clouds), "aws", s -> TestFunctions.backend(s, VARIABLES)).build()) {
        client.deploy(AppDefinitions.load(app, getClass().getClassLoader()).app());
        RunInfo done = client.start("shout", "r-1", Map.of("text", "hello")).await(Await.HANG_GUARD);

        assertThat(done.status()).as("%s%nJava server: %s%nserverless-offline: %s", done.failure(), read(log), sls.log())
            .isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.resultText()).isEqualTo("HELLO!");
        // Both steps ran in the server process, each handed over by serverless-offline (nothing else
        // calls it); it prints its line once the handler returned, so after the run ended.
        Await.until("the Java server printed both invocations (" + log + ")",
            () -> read(log).contains("ran " + HANDLER + " for shout-dev-shout")
                && read(log).contains("ran " + HANDLER + " for shout-dev-print"));
      }
    } finally {
      runtime.destroyForcibly();
      runtime.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
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
