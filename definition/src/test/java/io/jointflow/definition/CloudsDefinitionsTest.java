package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Fault;
import io.jointflow.cloud.Limits;
import io.jointflow.cloud.Link;
import io.jointflow.cloud.Profile;
import io.jointflow.cloud.Signing;
import io.jointflow.cloud.Sizes;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading clouds files: the shipped example, every key, and the JSON form. */
class CloudsDefinitionsTest {
  /** The example, from the module directory where Maven runs the tests. */
  static final Path EXAMPLE = Path.of("..", "examples", "clouds", "two-clouds.yaml");

  @TempDir
  Path dir;

  @Test
  void theShippedExampleLoadsWithoutProblems() {
    assertThat(CloudsDefinitions.check(EXAMPLE)).isEmpty();
    Clouds clouds = CloudsDefinitions.load(EXAMPLE);
    assertThat(clouds.clouds()).containsOnlyKeys("aws", "ali");
    CloudSpec aws = clouds.cloud("aws");
    assertThat(aws.compute().type()).isEqualTo(ComputeType.LOCAL);
    assertThat(aws.prices().perGbSecond()).isEqualTo(new BigDecimal("0.0000166667"));
    assertThat(aws.prices().perMillionRequests()).isEqualTo(new BigDecimal("0.20"));
    assertThat(aws.prices().perMillionWrites()).isEqualTo(new BigDecimal("1.4269"));
    assertThat(aws.prices().perMillionReads()).isEqualTo(new BigDecimal("0.285"));
    assertThat(aws.limits().asyncPayload()).isEqualTo(262144);
    assertThat(clouds.cloud("ali").limits().asyncPayload()).isEqualTo(131072);
    Profile gpu = clouds.cloud("ali").profile("gpu-t4-8g");
    assertThat(gpu).isEqualTo(new Profile("gpu-t4-8g", 4 * Sizes.GB, 2, "T4", 8 * Sizes.GB, 7.0));
    Path dir = EXAMPLE.toAbsolutePath().getParent().normalize();
    assertThat(aws.state()).isEqualTo("sqlite:" + dir.resolve(".jointflow/aws.db"));
    assertThat(aws.blobs()).isEqualTo("filesystem:" + dir.resolve(".jointflow/aws.db.blobs"));
    Link link = clouds.link("aws", "ali");
    assertThat(link.latency()).isEqualTo(Duration.ofMillis(15));
    assertThat(link.bandwidth()).isEqualTo(100 * Sizes.MB);
    assertThat(clouds.link("ali", "ali").latency()).isEqualTo(Duration.ofMillis(1));
    assertThat(clouds.signing().keyEnv()).isEqualTo("JOINTFLOW_CLUSTER_KEY");
    assertThat(clouds.faults()).isEmpty();
  }

  @Test
  void theExamplesDatastorePricesReproduceJointLambdasIotChainCost() {
    // Jointλ Table 3: an IoT chain of 10 makes 30 writes and 20 reads per run: 48.50 USD per 1M runs.
    Clouds clouds = CloudsDefinitions.load(EXAMPLE);
    BigDecimal perMillionRuns = clouds.cloud("aws").prices().perMillionWrites().multiply(BigDecimal.valueOf(30))
        .add(clouds.cloud("aws").prices().perMillionReads().multiply(BigDecimal.valueOf(20)));
    assertThat(perMillionRuns).isEqualByComparingTo("48.507");
  }

  @Test
  void everyKeyLoadsIntoTheModel() {
    Clouds clouds = CloudsDefinitions.load(new StringReader("""
        clouds:
          edge:
            compute:
              type: worker
              url: http://127.0.0.1:8081
              options: {pool: 4}
              credentials-env: EDGE_TOKEN_FILE
              cold-start: 50ms
              keep-alive: 1m
            state: "redis://cache:6379"
            blobs: "s3://bucket/prefix"
            prices:
              currency: EUR
              per-gb-second: "1.5e-5"
              per-vcpu-second: 0
              per-gpu-gb-second: 0.00004
              per-million-requests: 0.2
              per-million-reads: 0.25
              per-million-writes: 1.25
              per-gb-egress: 0.09
              granularity: 100ms
            limits: {async-payload: 1MB, concurrency: 50, memory: 1GB, vcpus: 1}
            profiles:
              big: {memory: 2GB, vcpus: 2, gpu: A10, gpu-memory: 24GB, speedup: 15}
          lambda:
            compute:
              type: aws-lambda
              options: {region: ap-northeast-1}
              credentials-env: [AWS_PROFILE, AWS_CONFIG_FILE]
        network:
          inside: {edge: 2ms, lambda: 1ms}
          links:
            - {between: [lambda, edge], latency: 40ms, bandwidth: 10MB/s}
        faults:
          - {cloud: edge, kind: outage, to: 5s}
          - {cloud: lambda, kind: error-rate, rate: 0.25, from: 1s, to: 2s}
          - {cloud: lambda, kind: latency-spike, extra: 200ms, from: 3s, to: 4s}
        signing: {key-env: MY_KEY, replay-window: 30s}
        """), "all.yaml", dir);
    CloudSpec edge = clouds.cloud("edge");
    assertThat(edge.compute().url()).hasToString("http://127.0.0.1:8081");
    assertThat(edge.compute().options()).containsEntry("pool", "4");
    assertThat(edge.compute().credentialsEnv()).containsExactly("EDGE_TOKEN_FILE");
    assertThat(edge.compute().coldStart()).isEqualTo(Duration.ofMillis(50));
    assertThat(edge.state()).isEqualTo("redis://cache:6379");
    assertThat(edge.blobs()).isEqualTo("s3://bucket/prefix");
    assertThat(edge.prices().currency()).isEqualTo("EUR");
    assertThat(edge.prices().perGbSecond()).isEqualByComparingTo("0.000015");
    assertThat(edge.prices().granularity()).isEqualTo(Duration.ofMillis(100));
    assertThat(edge.limits()).isEqualTo(new Limits(Sizes.MB, 50, Sizes.GB, 1));
    assertThat(edge.profile("big")).isEqualTo(new Profile("big", 2 * Sizes.GB, 2, "A10", 24 * Sizes.GB, 15));
    CloudSpec lambda = clouds.cloud("lambda");
    assertThat(lambda.compute().credentialsEnv()).containsExactly("AWS_PROFILE", "AWS_CONFIG_FILE");
    assertThat(lambda.state()).isEqualTo("memory");
    assertThat(lambda.limits()).isEqualTo(Limits.defaults());
    assertThat(clouds.network().inside()).containsEntry("edge", Duration.ofMillis(2));
    assertThat(clouds.link("edge", "lambda").bandwidth()).isEqualTo(10 * Sizes.MB);
    assertThat(clouds.faults()).containsExactly(
        Fault.outage("edge", Duration.ZERO, Duration.ofSeconds(5)),
        Fault.errorRate("lambda", Duration.ofSeconds(1), Duration.ofSeconds(2), 0.25),
        Fault.latencySpike("lambda", Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofMillis(200)));
    assertThat(clouds.signing()).isEqualTo(new Signing("MY_KEY", Duration.ofSeconds(30)));
  }

  @Test
  void jsonLoadsTheSame() throws Exception {
    Path json = Files.writeString(dir.resolve("clouds.json"), """
        {"clouds": {"a": {"state": "sqlite:a.db"}, "b": {}},
         "network": {"inside": "1ms", "links": [{"between": ["a", "b"], "latency": "15ms"}]}}
        """);
    Clouds clouds = CloudsDefinitions.load(json);
    assertThat(clouds.cloud("a").state()).isEqualTo("sqlite:" + dir.resolve("a.db").toAbsolutePath());
    assertThat(clouds.link("a", "b").latency()).isEqualTo(Duration.ofMillis(15));
    assertThat(clouds.link("b", "b").latency()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aFileIsACloudsFileWhenItHasATopLevelCloudsKey() throws Exception {
    assertThat(CloudsDefinitions.isCloudsFile(EXAMPLE)).isTrue();
    assertThat(CloudsDefinitions.isCloudsFile(Path.of("..", "examples", "wordcount.yaml"))).isFalse();
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "clouds:\n  aws: {\n");
    assertThat(CloudsDefinitions.isCloudsFile(broken)).isTrue();
    assertThat(CloudsDefinitions.isCloudsFile(dir.resolve("missing.yaml"))).isFalse();
  }

  @Test
  void aCloudsFileLoadedAsAnAppSaysWhatItIs() {
    assertThat(AppDefinitions.check(EXAMPLE, null)).extracting(Diagnostic::toString).containsExactly(
        EXAMPLE + ":9:1: this is a clouds file (it has a top-level 'clouds' key), not an app definition:"
            + " check it with 'jointflow validate', and give an app definition to run");
  }

  @Test
  void loadingAMalformedFileThrowsWithEveryDiagnosticAndChangesNothing() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        clouds:
          aws: {state: "sqlite:state/aws.db", prices: {per-gb-second: -1}}
        faults: [{cloud: gcp, kind: outage, to: 1s}]
        """);
    assertThatThrownBy(() -> CloudsDefinitions.load(bad))
        .isInstanceOf(DefinitionException.class)
        .hasMessageStartingWith("clouds definition " + bad + " has 2 errors:")
        .hasMessageContaining(bad + ":2:")
        .hasMessageContaining(bad + ":3:");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("bad.yaml"));
    }
  }
}
