package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jointflow package}: one jar with the Lambda entry point (or FC's custom runtime), the
 * runtime, the stores, the handler classes and the configuration (the app without its jars), and a
 * deploy command per function; a cloud of another compute type or an unknown one is refused and
 * nothing is written.
 */
class PackageCommandTest {
  @TempDir
  Path dir;

  private static CliResult run(String... args) {
    return CliResult.of(args);
  }

  private Path clouds() throws Exception {
    Path c = dir.resolve("clouds.yaml");
    Files.writeString(c, """
        clouds:
          aws:
            compute: {type: aws-lambda, options: {region: ap-northeast-1, function-prefix: shout-prod-}}
            state: redis://127.0.0.1:6379
            blobs: filesystem:/tmp/blobs
            limits: {memory: 512MB}
          fc:
            compute: {type: aliyun-fc, options: {region: cn-hangzhou, function-prefix: shout-}}
            state: redis://127.0.0.1:6379
            blobs: filesystem:/tmp/blobs
            limits: {memory: 500MB}
          home: {state: memory}
        network:
          links: [{between: [aws, home], latency: 10ms}, {between: [aws, fc], latency: 10ms},
                  {between: [fc, home], latency: 10ms}]
        """);
    return c;
  }

  private Path app() throws Exception {
    return app("aws");
  }

  /** The app with every function on {@code cloud}. */
  private Path app(String cloud) throws Exception {
    return TestFunctions.shoutApp(dir, cloud);
  }

  private Path handlers() throws Exception {
    return TestFunctions.handlersJar(dir);
  }

  @Test
  void writesOneJarWithTheRuntimeHandlersAndConfigurationAndPrintsTheDeployCommands() throws Exception {
    Path handlers = handlers();
    Path out = dir.resolve("fn.jar");
    CliResult r = run("package", "--cloud", "aws", "--clouds", clouds().toString(), app().toString(),
        "--jar", handlers.toString(), "-o", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("functions [shout, print] of app 'shout' for cloud 'aws'")
        .contains("aws lambda create-function --region ap-northeast-1 --function-name shout-prod-shout --runtime java21"
            + " --handler io.jointflow.lambda.JointflowLambdaHandler::handleRequest --memory-size 512")
        .contains("--function-name shout-prod-print");
    try (JarFile jar = new JarFile(out.toFile())) {
      assertThat(jar.getEntry("io/jointflow/lambda/JointflowLambdaHandler.class")).isNotNull();
      assertThat(jar.getEntry("io/jointflow/core/Jointflow.class")).isNotNull();
      assertThat(jar.getEntry("io/jointflow/cli/Upper.class")).isNotNull();
      assertThat(jar.getEntry("io/jointflow/cli/Main.class")).as("the CLI itself stays out").isNull();
      assertThat(jar.getEntry("org/junit/jupiter/api/Test.class")).as("test libraries stay out").isNull();
      assertThat(new String(jar.getInputStream(jar.getEntry("jointflow/cloud")).readAllBytes())).isEqualTo("aws");
      assertThat(new String(jar.getInputStream(jar.getEntry("jointflow/app.yaml")).readAllBytes()))
          .contains("io.jointflow.cli.Upper").doesNotContain("jars");
      assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/io.jointflow.spi.ComputeBackendProvider"))
          .readAllBytes())).contains("io.jointflow.lambda.LambdaBackendProvider");
      assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/io.jointflow.spi.StateStoreProvider"))
          .readAllBytes())).contains("Sqlite").contains("Redis");
    }
  }

  @Test
  void forFunctionComputeWritesTheJarOfACustomRuntimeAndPrintsItsCreateFunctionBodies() throws Exception {
    Path out = dir.resolve("fc.jar");
    CliResult r = run("package", "--cloud", "fc", "--clouds", clouds().toString(), app("fc").toString(),
        "--jar", handlers().toString(), "-o", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("functions [shout, print] of app 'shout' for cloud 'fc'")
        .contains("aliyun fc POST /2023-03-30/functions --region cn-hangzhou")
        .contains("\"functionName\":\"shout-shout\"").contains("\"functionName\":\"shout-print\"")
        .contains("\"runtime\":\"custom.debian10\"")
        .contains("\"memorySize\":512") // 500 MB rounded up to FC's 64 MB steps
        .contains("\"args\":[\"-cp\",\"/code\",\"io.jointflow.aliyun.FcRuntime\"],\"port\":9000");
    try (JarFile jar = new JarFile(out.toFile())) {
      assertThat(jar.getEntry("io/jointflow/aliyun/FcRuntime.class")).isNotNull();
      assertThat(jar.getEntry("io/jointflow/cli/Upper.class")).as("handlers from --jar").isNotNull();
      assertThat(new String(jar.getInputStream(jar.getEntry("jointflow/cloud")).readAllBytes())).isEqualTo("fc");
    }
  }

  @Test
  void refusesACloudThatIsNotLambda() throws Exception {
    Path out = dir.resolve("no.jar");
    CliResult r = run("package", "--cloud", "home", "--clouds", clouds().toString(), app().toString(), "-o", out.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("cloud 'home' has compute type 'local'; jointflow package builds jars for aws-lambda and aliyun-fc clouds");
    assertThat(out).doesNotExist();
  }
}
