package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.core.FunctionSummary;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.function.Obj;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.DynamoDbServer;
import io.jointflow.testkit.FcStandIn;
import io.jointflow.testkit.PostgresServer;
import io.jointflow.testkit.S3rver;
import io.jointflow.testkit.ServerlessOffline;
import io.jointflow.worker.EnvelopeCodec;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fan-out/fan-in app across two clouds made of real servers, configured by a clouds.yaml text:
 *
 * <ul>
 *   <li>cloud {@code aws}: compute {@code aws-lambda} against serverless-offline (the real Lambda
 *       {@code Invoke} API; each "Lambda function" is a Node function that POSTs its event to a relay
 *       in this JVM, which runs it on host {@code aws} with {@link Jointflow#execute}, as the Lambda
 *       entry point does inside Lambda), state {@code dynamodb://} against the in-project DynamoDB
 *       stand-in ({@link DynamoDbServer}: DynamoDB Local's licence is not usable here), blobs {@code
 *       s3://} against s3rver;
 *   <li>cloud {@code ali}: compute {@code aliyun-fc} against the in-project FC 3.0 stand-in ({@link
 *       FcStandIn}: no FC emulator runs without Docker), whose functions run on host {@code ali}
 *       with {@link Jointflow#execute}; state {@code postgres://} against a real PostgreSQL; blobs
 *       {@code s3://} on the same s3rver under another prefix.
 * </ul>
 *
 * <p>Both hosts reach every cloud only through its adapter (their own included), so every step
 * crosses a real invoke API. {@code split} on aws fans out 8 numbers, half to {@code squarea} on aws,
 * half to {@code squareb} on ali; {@code join} on ali sums the 8 squares (a by-batch-size fan-in).
 * Objects above 64 bytes go to the blob stores, so the fanned-out numbers and the squares travel
 * through s3rver. Each handler counts its side effect by instance id: every one runs exactly once,
 * also when every invocation is delivered a second time.
 *
 * <p>What stands in for what: the DynamoDB and FC servers are in-project stand-ins (above); a
 * "Lambda function" is a Node function forwarding to this JVM, not a deployed Jointflow jar
 * (serverless-offline's Java runner does not start on JDK 25, see docs/lambda.md), so the function
 * side of both clouds is {@link Jointflow#execute} on a host in this JVM, one host per cloud.
 *
 * <p>Credentials: the Lambda and FC backends are opened with test variables handed to their
 * providers; DynamoDB reads the SDK's system properties {@code aws.accessKeyId}/{@code
 * aws.secretAccessKey}; the s3 locations name {@code JF_IT_S3_ID}/{@code JF_IT_S3_SECRET} in {@code
 * credentials-env}, which cli/pom.xml sets for the failsafe JVM to s3rver's fixed key.
 */
class TwoRealCloudsIT {
  private static final int N = 8;
  private static final String FC_KEY = "LTAI-two-clouds-test";
  private static final String PAD = " ".repeat(100); // above the inline threshold: through the blob stores
  /** Objects above 64 bytes are spilled to their home cloud's blob store. */
  private static final JointflowOptions OPTIONS = JointflowOptions.defaults()
      .withLimits(64, JointflowOptions.defaults().maxObjectBytes());
  private static final Map<String, Integer> EFFECTS = new ConcurrentHashMap<>();
  private static final Map<String, String> VARIABLES = Map.of("AWS_IT_ID", "x", "AWS_IT_SECRET", "x",
      "FC_IT_ID", FC_KEY, "FC_IT_SECRET", "secret");
  /** The Node function of every "Lambda": POSTs its event to the relay and fails if the relay does. */
  private static final String NODE = """
      exports.handler = async (event) => {
        const r = await fetch(process.env.SINK_URL, {method: 'POST', headers: {'content-type': 'application/json'},
            body: JSON.stringify(event)});
        if (!r.ok) throw new Error('sink answered ' + r.status);
        return {delivered: true};
      };
      """;

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  static App app() {
    return App.builder("two")
        .functionSpec("split", f -> f.outputs("worka", "workb").placement("aws").handler(c -> {
          EFFECTS.merge(c.instanceId(), 1, Integer::sum);
          for (int i = 1; i <= N; i++) {
            c.emit(i <= N / 2 ? "worka" : "workb", "w" + i, i + PAD);
          }
          return null;
        }))
        .functionSpec("squarea", f -> f.outputs("results").placement("aws").handler(TwoRealCloudsIT::square))
        .functionSpec("squareb", f -> f.outputs("results").placement("ali").handler(TwoRealCloudsIT::square))
        .functionSpec("join", f -> f.placement("ali").handler(c -> {
          EFFECTS.merge(c.instanceId(), 1, Integer::sum);
          long sum = 0;
          for (Obj o : c.inputs()) {
            sum += Long.parseLong(o.text().strip());
          }
          return sum;
        }))
        .bucket("worka", b -> b.trigger("t", t -> t.target("squarea").immediate().maxFires(N / 2)))
        .bucket("workb", b -> b.trigger("t", t -> t.target("squareb").immediate().maxFires(N / 2)))
        .bucket("results", b -> b.trigger("t", t -> t.type(Trigger.byBatchSize(N)).target("join").maxFires(1)))
        .build();
  }

  private static Object square(io.jointflow.function.Call c) {
    EFFECTS.merge(c.instanceId(), 1, Integer::sum);
    long i = Long.parseLong(c.input().text().strip());
    return c.emit("results", "r" + i, (i * i) + PAD);
  }

  private static String cloudsYaml(ServerlessOffline sls, DynamoDbServer ddb, S3rver s3, FcStandIn fc, PostgresServer pg) {
    String s3opts = "?region=us-east-1&endpoint=" + s3.endpoint() + "&path-style=true&credentials-env=JF_IT_S3_ID,JF_IT_S3_SECRET";
    return """
        clouds:
          aws:
            compute:
              type: aws-lambda
              options: {region: us-east-1, endpoint: "%s", function-prefix: %s}
              credentials-env: [AWS_IT_ID, AWS_IT_SECRET]
            state: "%s"
            blobs: "s3://two/aws%s"
          ali:
            compute:
              type: aliyun-fc
              options: {region: cn-hangzhou, endpoint: "%s", function-prefix: jf-}
              credentials-env: [FC_IT_ID, FC_IT_SECRET]
            state: "%s"
            blobs: "s3://two/ali%s"
        network:
          links:
            - {between: [aws, ali], latency: 0ms}   # real adapters: not emulated
        """.formatted(sls.endpoint(), sls.functionPrefix(), ddb.location("twoclouds"), s3opts, fc.endpoint(), pg.url(), s3opts);
  }

  /** A host of cloud {@code local} that reaches both clouds, its own too, through their adapters. */
  private Jointflow host(Clouds clouds, String local) {
    Jointflow h = keep(Jointflow.builder().options(OPTIONS).clouds(clouds, local, TwoRealCloudsIT::backend).build());
    h.deploy(app());
    return h;
  }

  private static ComputeBackend backend(CloudSpec cloud) {
    return TestFunctions.backend(cloud, VARIABLES);
  }


  @Test
  void aFanOutOverLambdaAndFunctionComputeWithDynamoPostgresAndS3RunsEveryHandlerOnce() throws Exception {
    runAndCheck(1);
  }

  /**
   * Lambda's asynchronous invocations and FC's queue deliver at least once: here every invocation
   * is run a second time after its first run returned, on both clouds, and still no handler's effect
   * happens twice and nothing more is spilled.
   */
  @Test
  void everyInvocationDeliveredTwiceStillHasItsEffectOnce() throws Exception {
    runAndCheck(2);
  }

  /** Runs the app with every invocation that reaches a cloud's function executed {@code deliveries} times. */
  private void runAndCheck(int deliveries) throws Exception {
    EFFECTS.clear();
    System.setProperty("aws.accessKeyId", DynamoDbServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", "secret");
    AtomicReference<Jointflow> aws = new AtomicReference<>();
    AtomicReference<Jointflow> ali = new AtomicReference<>();
    Queue<String> lambdaRuns = new ConcurrentLinkedQueue<>();
    Queue<String> fcRuns = new ConcurrentLinkedQueue<>();
    Relay relay = keep(new Relay(e -> {
      for (int i = 0; i < deliveries; i++) {
        lambdaRuns.add(e.function());
        aws.get().execute(e);
      }
    }));
    ServerlessOffline sls = keep(ServerlessOffline.builder("two").node("split", NODE).node("squarea", NODE)
        .environment("SINK_URL", relay.url()).start());
    open.add(() -> System.out.println("serverless-offline's last lines:\n" + sls.log())); // into the failsafe report
    DynamoDbServer ddb = keep(DynamoDbServer.start());
    S3rver s3 = keep(S3rver.start("two"));
    PostgresServer pg = keep(PostgresServer.start());
    FcStandIn fc = keep(FcStandIn.start(FC_KEY, 8));
    EnvelopeCodec codec = new EnvelopeCodec(FcStandIn.ASYNC_LIMIT);
    for (String f : List.of("squareb", "join")) {
      fc.deploy("jf-" + f, body -> {
        Envelope e = codec.decode(body, null);
        for (int i = 0; i < deliveries; i++) {
          fcRuns.add(e.function());
          ali.get().execute(e);
        }
        return new byte[0];
      });
    }
    String yaml = cloudsYaml(sls, ddb, s3, fc, pg);
    Clouds clouds = CloudsDefinitions.load(new StringReader(yaml), "clouds.yaml", dir);
    aws.set(host(clouds, "aws"));
    ali.set(host(clouds, "ali"));

    RunInfo done = aws.get().start("two", "run-1", Map.of("in", "x")).await(Await.HANG_GUARD);

    assertThat(done.status()).as(done.failure()).isEqualTo(RunStatus.SUCCEEDED);
    long expected = 0;
    for (int i = 1; i <= N; i++) {
      expected += (long) i * i;
    }
    assertThat(done.resultText()).isEqualTo(String.valueOf(expected));
    assertThat(EFFECTS).hasSize(1 + N + 1).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    Map<String, Long> instances = done.functions().stream()
        .collect(Collectors.toMap(FunctionSummary::function, FunctionSummary::instances));
    assertThat(instances).containsExactlyInAnyOrderEntriesOf(Map.of("split", 1L, "squarea", (long) N / 2,
        "squareb", (long) N / 2, "join", 1L));
    // every step crossed its cloud's invoke API: Lambda ran split and squarea, FC squareb and join
    assertThat(lambdaRuns).containsOnly("split", "squarea");
    assertThat(fcRuns).containsOnly("squareb", "join");
    assertThat(Collections.frequency(lambdaRuns, "split")).isGreaterThanOrEqualTo(deliveries);
    assertThat(Collections.frequency(lambdaRuns, "squarea")).isGreaterThanOrEqualTo(deliveries * N / 2);
    assertThat(Collections.frequency(fcRuns, "squareb")).isGreaterThanOrEqualTo(deliveries * N / 2);
    assertThat(Collections.frequency(fcRuns, "join")).isGreaterThanOrEqualTo(deliveries);
    assertThat(fc.requests()).allSatisfy(r -> assertThat(r.invocationType()).isEqualTo("Async"));
    assertThat(aws.get().failoverCount() + ali.get().failoverCount()).isZero();
    // the spilled objects are in s3rver, each under its home cloud's prefix: 8 from split, 1 per square
    assertThat(spilled(s3, "aws")).containsExactlyInAnyOrderEntriesOf(Map.of("split", (long) N, "squarea", (long) N / 2));
    assertThat(spilled(s3, "ali")).containsExactlyInAnyOrderEntriesOf(Map.of("squareb", (long) N / 2));
  }

  /** Objects s3rver holds under {@code two/PREFIX/two/run-1/}, counted by the function (instance id up to its hash) that spilled them. */
  private static Map<String, Long> spilled(S3rver s3, String prefix) throws java.io.IOException {
    Path run = s3.dataDir().resolve("two").resolve(prefix).resolve("two").resolve("run-1");
    try (var files = java.nio.file.Files.walk(run)) {
      return files.filter(p -> p.getFileName().toString().endsWith("._S3rver_object"))
          .map(p -> run.relativize(p).getName(0).toString().replaceFirst("-[0-9a-f]+$", ""))
          .collect(Collectors.groupingBy(f -> f, Collectors.counting()));
    }
  }

  /** Where the Node functions under serverless-offline send their events: decoded, then run here. */
  private static final class Relay implements AutoCloseable {
    private final HttpServer server;

    Relay(Consumer<Envelope> sink) throws java.io.IOException {
      EnvelopeCodec codec = new EnvelopeCodec(1 << 20);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", x -> {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
          body = in.readAllBytes();
        }
        int status = 200;
        try {
          // Node parsed the event as JSON: a long deadline above 2^53 comes back rounded past Long.MAX_VALUE
          String json = new String(body, StandardCharsets.UTF_8).replace("9223372036854776000", "9223372036854775807");
          sink.accept(codec.decode(json.getBytes(StandardCharsets.UTF_8), null));
        } catch (RuntimeException e) {
          e.printStackTrace();
          status = 500;
        }
        x.sendResponseHeaders(status, -1);
        x.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
