package io.jointflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.testkit.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda entry point in-process: a client host starts a run, whose entry invocation goes to a
 * local Invoke endpoint ({@link FakeLambda}); each queued event is handed to {@link
 * JointflowLambdaHandler#handleRequest} as Lambda would, and by the time it returns the step is
 * committed and its successor invoked (as {@code <prefix>print}); the run ends with the result in
 * the shared state store. The packaged jar behind serverless-offline's Invoke API is the cli
 * module's LambdaPackageIT.
 */
class JointflowLambdaHandlerTest {
  @TempDir
  Path dir;

  @Test
  void eachEventRunsItsStepAndInvokesTheNextFunctionThroughLambda() throws Exception {
    try (FakeLambda lambda = new FakeLambda()) {
      Path clouds = dir.resolve("clouds.yaml");
      Files.writeString(clouds, """
          clouds:
            aws:
              compute:
                type: aws-lambda
                options: {region: us-east-1, endpoint: "%s", function-prefix: shout-prod-}
                credentials-env: [TEST_AWS_KEY_ID, TEST_AWS_SECRET]
              state: sqlite:%s
          """.formatted(lambda.endpoint(), dir.resolve("state.db")));
      Path app = dir.resolve("app.yaml");
      Files.writeString(app, """
          app: shout
          placement: [aws]
          functions:
            shout: {class: io.jointflow.lambda.Shout, outputs: [loud]}
            print: {class: io.jointflow.lambda.Exclaim}
          buckets:
            loud:
              triggers:
                - {name: next, type: immediate, target: print}
          """);
      Map<String, String> vars = new HashMap<>(Fixtures.VARIABLES);
      vars.put("JOINTFLOW_CLOUDS", clouds.toString());
      vars.put("JOINTFLOW_APP", app.toString());
      vars.put("JOINTFLOW_CLOUD", "aws");
      Clouds c = CloudsDefinitions.load(clouds);
      try (Jointflow client = Jointflow.builder()
          .clouds(c, "aws", s -> new LambdaBackendProvider().open(s, io.jointflow.testkit.ManualEnvironment.direct(1), vars::get))
          .build()) {
        client.deploy(AppDefinitions.load(app, getClass().getClassLoader()).app());
        RunHandle run = client.start("shout", "r-1", Map.of("text", "hello"));
        JointflowLambdaHandler handler = new JointflowLambdaHandler(vars::get);

        FakeLambda.Invoke first = lambda.invokes.poll(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.function()).isEqualTo("shout-prod-shout");
        assertThat(first.invocationType()).isEqualTo("Event");
        assertThat(handle(handler, first.payload())).contains("\"status\":\"done\"");
        FakeLambda.Invoke second = lambda.invokes.poll(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(second.function()).as("the successor, invoked before the first step returned")
            .isEqualTo("shout-prod-print");
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        handle(handler, second.payload());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.info().resultText()).isEqualTo("HELLO!");

        // A duplicate delivery (Lambda is at least once) changes nothing and invokes nothing.
        assertThat(handle(handler, second.payload())).contains("\"status\":\"done\"");
        assertThat(handle(handler, first.payload())).contains("\"status\":\"done\"");
        assertThat(lambda.invokes).isEmpty();
        assertThat(handle(handler, "{\"jointflow\":\"sweep\"}".getBytes())).contains("\"status\":\"swept\"");
        assertThat(handle(handler, "{\"no\":\"envelope\"}".getBytes())).contains("\"status\":\"error\"");
      }
    }
  }

  private static String handle(JointflowLambdaHandler h, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.handleRequest(new ByteArrayInputStream(event), out, null);
    return out.toString();
  }
}
