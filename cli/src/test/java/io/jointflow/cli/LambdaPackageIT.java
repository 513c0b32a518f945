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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    Path app = TestFunctions.shoutApp(dir, "aws");
    Path fn = TestFunctions.packageJar(dir, clouds, app, "aws", dir.resolve("shout-aws-lambda.jar"));

    Path testkit = Path.of(JavaInvokeServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (TestFunctions.Launched server = TestFunctions.start(fn + File.pathSeparator + testkit,
            JavaInvokeServer.class.getName(), List.of("0"), VARIABLES, dir.resolve("java-invoke.out"));
        ServerlessOffline sls = ServerlessOffline.builder("shout").java("shout", HANDLER).java("print", HANDLER)
            .lambdaPort(lambdaPort).processEnvironment("JAVA_OFFLINE_SERVER", String.valueOf(server.port())).start();
        Jointflow client = Jointflow.builder()
            .clouds(CloudsDefinitions.load(clouds), "aws", s -> TestFunctions.backend(s, VARIABLES)).build()) {
      client.deploy(AppDefinitions.load(app, getClass().getClassLoader()).app());
      RunInfo done = client.start("shout", "r-1", Map.of("text", "hello")).await(Await.HANG_GUARD);

      assertThat(done.status()).as("%s%nJava server: %s%nserverless-offline: %s", done.failure(), server.output(),
          sls.log()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(done.resultText()).isEqualTo("HELLO!");
      // Both steps ran in the server process, each handed over by serverless-offline (nothing else
      // calls it); it prints its line once the handler returned, so after the run ended.
      Await.until("the Java server printed both invocations (" + server.log() + ")",
          () -> server.output().contains("ran " + HANDLER + " for shout-dev-shout")
              && server.output().contains("ran " + HANDLER + " for shout-dev-print"));
    }
  }
}
