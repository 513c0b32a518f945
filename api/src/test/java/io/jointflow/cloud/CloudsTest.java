package io.jointflow.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jointflow.app.Problem;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java side of a clouds file: the builder, and the checks across clouds. */
class CloudsTest {
  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  static Clouds twoClouds() {
    return Clouds.builder()
        .cloud("aws", c -> c.state("sqlite:aws.db")
            .prices(Prices.builder().perGbSecond(new BigDecimal("0.0000166667"))
                .perMillionRequests(new BigDecimal("0.20")).build())
            .profile(Profile.of("cpu-512", 512 * Sizes.MB)))
        .cloud("ali", c -> c.compute(ComputeSpec.builder(ComputeType.LOCAL).coldStart(ms(300)).build())
            .limits(Limits.builder().asyncPayload(128 * Sizes.KB).concurrency(100).memory(512 * Sizes.MB)
                .vcpus(0.35).build())
            .prices(Prices.builder().perVcpuSecond(new BigDecimal("0.00002")).build())
            .profile(Profile.of("gpu-t4-8g", 4 * Sizes.GB).withVcpus(2).withGpu("T4", 8 * Sizes.GB)
                .withSpeedup(7.0)))
        .inside(ms(1))
        .link(Link.between("aws", "ali", ms(15)).withJitter(ms(1)).withBandwidth(100 * Sizes.MB))
        .fault(Fault.outage("aws", Duration.ofSeconds(10), Duration.ofSeconds(20)))
        .build();
  }

  @Test
  void theBuilderMakesAValidDefinitionWithDefaults() {
    Clouds clouds = twoClouds();
    assertThat(clouds.clouds()).containsOnlyKeys("aws", "ali");
    CloudSpec aws = clouds.cloud("aws");
    assertThat(aws.compute().type()).isEqualTo(ComputeType.LOCAL);
    assertThat(aws.blobs()).isEqualTo("filesystem:aws.db.blobs");
    assertThat(aws.limits()).isEqualTo(Limits.defaults());
    assertThat(clouds.cloud("ali").state()).isEqualTo("memory");
    assertThat(clouds.cloud("ali").blobs()).isNull();
    assertThat(clouds.signing()).isEqualTo(Signing.defaults());
    assertThat(clouds.link("ali", "aws").latency()).isEqualTo(ms(15));
    assertThat(clouds.link("aws", "aws").latency()).isEqualTo(ms(1));
    assertThat(clouds.faults()).hasSize(1);
    assertThatThrownBy(() -> clouds.cloud("gcp")).hasMessage("cloud 'gcp' is unknown (clouds: aws, ali)");
  }

  @Test
  void aProfileTakesTheCloudsDefaultVcpusAndNoProfileIsTheDefaultSize() {
    CloudSpec ali = twoClouds().cloud("ali");
    assertThat(ali.profile(null)).isEqualTo(new Profile("default", 512 * Sizes.MB, 0.35, null, 0, 1.0));
    assertThat(ali.profile("gpu-t4-8g").vcpus()).isEqualTo(2.0);
    CloudSpec aws = twoClouds().cloud("aws");
    assertThat(aws.profile("cpu-512").vcpus()).isZero();
    assertThatThrownBy(() -> aws.profile("gpu")).hasMessage("cloud 'aws' has no profile 'gpu' (profiles: cpu-512)");
  }

  @Test
  void everyMissingLinkNamesBothCloudsAndUnknownCloudsNameTheKnownOnes() {
    InvalidCloudsException e = catchThrowableOfType(InvalidCloudsException.class, () -> Clouds.builder()
        .cloud("aws", c -> {})
        .cloud("ali", c -> {})
        .cloud("gcp", c -> {})
        .inside("aws", ms(1))
        .inside("azure", ms(1))
        .link(Link.between("aws", "ali", ms(15)))
        .link(Link.between("ali", "aws", ms(16)))
        .link(Link.between("aws", "aws", ms(1)))
        .link(Link.between("aws", "ibm", ms(1)))
        .fault(Fault.errorRate("oracle", Duration.ZERO, Duration.ofSeconds(1), 0.5))
        .build());
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "network.inside.azure: network inside names unknown cloud 'azure' (clouds: aws, ali, gcp)",
        "network.inside: network inside has no latency for cloud 'ali': give every cloud one, or one"
            + " duration for all (inside: 1ms)",
        "network.inside: network inside has no latency for cloud 'gcp': give every cloud one, or one"
            + " duration for all (inside: 1ms)",
        "network.links.1: link between 'ali' and 'aws' is defined twice",
        "network.links.2.between: link between 'aws' and 'aws' joins a cloud to itself: a cloud's own"
            + " latency is network inside",
        "network.links.3.between: link between 'aws' and 'ibm' names unknown cloud 'ibm' (clouds: aws, ali, gcp)",
        "network.links: network has no link between clouds 'aws' and 'gcp': add {between: [aws, gcp],"
            + " latency: ...} to network links",
        "network.links: network has no link between clouds 'ali' and 'gcp': add {between: [ali, gcp],"
            + " latency: ...} to network links",
        "faults.0.cloud: fault #1 names unknown cloud 'oracle' (clouds: aws, ali, gcp)");
  }

  @Test
  void aBrokenCloudIsReportedWithTheOthersAndStillCountsAsACloud() {
    InvalidCloudsException e = catchThrowableOfType(InvalidCloudsException.class, () -> Clouds.builder()
        .cloud("aws", c -> c.state("cassandra:x").blobs("ftp://x"))
        .cloud("ali", c -> c.compute(ComputeSpec.builder(ComputeType.WORKER).build()))
        .cloud("aws", c -> {})
        .link(Link.between("aws", "ali", ms(15)))
        .build());
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "clouds.aws.state: cloud 'aws' state 'cassandra:x' is unknown (valid: memory, sqlite:PATH,"
            + " redis://HOST:PORT, dynamodb:TABLE, postgres://HOST:PORT/DATABASE)",
        "clouds.aws.blobs: cloud 'aws' blobs 'ftp://x' is unknown (valid: filesystem:DIR,"
            + " s3://BUCKET[/PREFIX], oss://BUCKET[/PREFIX])",
        "clouds.ali: cloud 'ali' compute type 'worker' needs a url (http://HOST:PORT)",
        "clouds.aws: cloud 'aws' is defined twice");
  }

  @Test
  void aCloudWithoutAnyCloudIsAnError() {
    assertThatThrownBy(() -> Clouds.builder().build())
        .isInstanceOf(InvalidCloudsException.class)
        .hasMessage("a clouds definition needs at least one cloud under 'clouds'");
  }

  @Test
  void storesOtherThanMemoryAndSqliteNeedBlobsAndNoStoreCarriesAPassword() {
    InvalidCloudsException e = catchThrowableOfType(InvalidCloudsException.class, () ->
        CloudSpec.builder("aws").state("redis://user:hunter2@cache:6379").blobs("s3://").build());
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "state: cloud 'aws' state carries credentials ('redis://user:****@cache:6379'): credentials never go"
            + " in a clouds file: put the secret in an environment variable and write the variable's"
            + " name (e.g. credentials-env: [AWS_PROFILE])",
        "blobs: cloud 'aws' blobs 's3://' needs a host: s3://BUCKET[/PREFIX]");
    assertThat(e.getMessage()).doesNotContain("hunter2");
    assertThatThrownBy(() -> CloudSpec.builder("aws").state("dynamodb:checkpoints").build())
        .hasMessageContaining("cloud 'aws' needs blobs with state 'dynamodb:checkpoints'");
    assertThat(CloudSpec.builder("aws").state("postgres://db:5432/jf").blobs("s3://bucket/jf").build().blobs())
        .isEqualTo("s3://bucket/jf");
  }

  @Test
  void aCloudThatChargesVcpusSaysHowManyAFunctionHas() {
    assertThatThrownBy(() -> CloudSpec.builder("ali")
        .prices(Prices.builder().perVcpuSecond(new BigDecimal("0.00002")).build()).build())
        .hasMessage("cloud 'ali' charges per-vcpu-second, so limits vcpus must say how many vCPUs a"
            + " function without a profile has: 0");
  }

  @Test
  void computeRejectsSecretsAndMissingSettingsAllAtOnce() {
    InvalidCloudsException e = catchThrowableOfType(InvalidCloudsException.class, () ->
        ComputeSpec.builder(ComputeType.AWS_LAMBDA)
            .url(URI.create("http://x"))
            .option("secret-access-key", "abc")
            .option("role", "AKIAIOSFODNN7EXAMPLE")
            .credentialsEnv("AWS_PROFILE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "my-var")
            .coldStart(ms(-1))
            .build());
    assertThat(e.problems()).extracting(Problem::path).containsExactly("url", "options.secret-access-key",
        "options.role", "options", "credentials-env", "credentials-env", "cold-start");
    assertThat(e.problems()).extracting(Problem::message).containsExactly(
        "compute type 'aws-lambda' takes no url (a custom endpoint goes under options.endpoint): http://x",
        "compute option 'secret-access-key' looks like a secret: " + Secrets.ADVICE,
        "compute option 'role' value 'AKIA...' (20 characters) looks like a secret: " + Secrets.ADVICE,
        "compute type 'aws-lambda' needs options.region (e.g. ap-northeast-1)",
        "compute credentials-env 'wJal...' (40 characters) looks like a secret value, not the name of"
            + " an environment variable: " + Secrets.ADVICE,
        "compute credentials-env 'my-var' is not the name of an environment variable (letters, digits"
            + " and '_', not starting with a digit)",
        "cold-start must be a duration >= 0: PT-0.001S");
    assertThat(e.getMessage()).doesNotContain("AKIAIOSFODNN7EXAMPLE").doesNotContain("bPxRfiCY");
  }

  @Test
  void urlsAreForWorkersAndHttpOnlyAndCarryNoCredentials() {
    assertThat(ComputeSpec.builder(ComputeType.WORKER).url(URI.create("http://127.0.0.1:8081")).build().url())
        .hasPort(8081);
    assertThatThrownBy(() -> ComputeSpec.builder(ComputeType.LOCAL).url(URI.create("http://x")).build())
        .hasMessage("compute type 'local' takes no url: http://x");
    assertThatThrownBy(() -> ComputeSpec.builder(ComputeType.HTTP).url(URI.create("http://u:p@x")).build())
        .hasMessageContaining("carries credentials").hasMessageNotContaining("u:p");
    assertThatThrownBy(() -> ComputeSpec.builder(ComputeType.HTTP).url(URI.create("ftp://x")).build())
        .hasMessage("compute url must be http://HOST[:PORT] or https://...: ftp://x");
    assertThat(ComputeSpec.builder(ComputeType.ALIYUN_FC).option("region", "ap-northeast-1")
        .option("endpoint", "https://123456.ap-northeast-1.fc.aliyuncs.com").credentialsEnv("ALIBABA_CLOUD_ACCESS_KEY_ID")
        .build().options()).containsKeys("region", "endpoint");
  }

  @Test
  void partsNameTheirBadValues() {
    assertThatThrownBy(() -> Prices.builder().currency("usd").perGbEgress(new BigDecimal("-1"))
        .granularity(Duration.ZERO).build())
        .hasMessageContaining("prices currency must be a three-letter ISO 4217 code like USD: usd")
        .hasMessageContaining("per-gb-egress: prices per-gb-egress must be a decimal >= 0: -1")
        .hasMessageContaining("prices granularity must be a duration of at least 1ms: PT0S");
    assertThatThrownBy(() -> Limits.builder().asyncPayload(10).concurrency(0).memory(0).vcpus(-1).build())
        .hasMessageContaining("limits async-payload must be at least 1KB: 10B")
        .hasMessageContaining("limits concurrency must be >= 1: 0")
        .hasMessageContaining("limits memory must be at least 1MB: 0B")
        .hasMessageContaining("limits vcpus must be a number >= 0: -1.0");
    assertThatThrownBy(() -> new Profile("gpu", Sizes.GB, 0, "T4", 0, 0))
        .hasMessageContaining("profile 'gpu' has gpu 'T4' but no gpu-memory (e.g. 8GB)")
        .hasMessageContaining("profile 'gpu' speedup must be a number > 0 (1 = as fast as a local run): 0.0");
    assertThatThrownBy(() -> new Profile("gpu", Sizes.GB, 0, null, Sizes.GB, 1))
        .hasMessage("profile 'gpu' has gpu-memory 1GB but no gpu type");
    assertThatThrownBy(() -> Link.between("aws", "ali", ms(15)).withJitter(ms(20)))
        .hasMessage("link between 'aws' and 'ali' jitter must not exceed its latency 15ms: 20ms");
    assertThatThrownBy(() -> Fault.outage("aws", Duration.ofSeconds(20), Duration.ofSeconds(10)))
        .hasMessage("outage of cloud 'aws' must end after it starts: from 20000ms, to 10000ms");
    assertThatThrownBy(() -> Fault.errorRate("aws", Duration.ZERO, Duration.ofSeconds(1), 1.5))
        .hasMessage("error-rate of cloud 'aws' needs a rate in (0, 1]: 1.5");
    assertThatThrownBy(() -> Fault.latencySpike("aws", Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessage("latency-spike of cloud 'aws' needs extra of at least 1ms: PT0S");
    assertThatThrownBy(() -> new Signing("3q2+7w==9fYhGk2LmNpQrStUvWxYz0123456", Duration.ofMinutes(5)))
        .hasMessageStartingWith("signing key-env '3q2+...' (36 characters) looks like a key, not the name"
            + " of an environment variable");
    assertThatThrownBy(() -> new Signing("JOINTFLOW_CLUSTER_KEY", Duration.ZERO))
        .hasMessage("signing replay-window must be at least 1s: PT0S");
  }

  @Test
  void aFaultIsActiveFromItsStartUntilJustBeforeItsEnd() {
    Fault f = Fault.outage("aws", Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(f.activeAt(Duration.ofMillis(9999))).isFalse();
    assertThat(f.activeAt(Duration.ofSeconds(10))).isTrue();
    assertThat(f.activeAt(Duration.ofMillis(19999))).isTrue();
    assertThat(f.activeAt(Duration.ofSeconds(20))).isFalse();
    assertThat(List.of(f.kind(), Fault.storeOutage("a", Duration.ZERO, Duration.ofSeconds(1)).kind(),
        Fault.errorRate("a", Duration.ZERO, Duration.ofSeconds(1), 1).kind(),
        Fault.latencySpike("a", Duration.ZERO, Duration.ofSeconds(1), ms(1)).kind())).isEqualTo(Fault.KINDS);
  }
}
