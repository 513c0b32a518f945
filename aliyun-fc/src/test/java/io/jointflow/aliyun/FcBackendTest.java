package io.jointflow.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.FcStandIn;
import io.jointflow.worker.EnvelopeCodec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link FcBackend} sends to FC 3.0, and how FC's error replies map to retryable or terminal failures. */
class FcBackendTest {
  private static final String KEY_ID = FcBackendContractTest.KEY_ID;
  private final FcStandIn fc = FcStandIn.start(KEY_ID, 4);
  private final List<Envelope> delivered = new CopyOnWriteArrayList<>();
  private final EnvelopeCodec codec = new EnvelopeCodec(FcStandIn.ASYNC_LIMIT);

  FcBackendTest() {
    fc.deploy("jf-f", body -> {
      delivered.add(codec.decode(body, null));
      return new byte[0];
    });
  }

  @AfterEach
  void stop() {
    fc.close();
  }

  private FcBackend backend(String keyId) {
    return FcBackend.create("ali", FcBackendContractTest.options(fc), new FcCredentials(keyId, "secret", null));
  }

  private static Envelope envelope(String f) {
    return new Envelope("app", "run", f, f + "-1", "start", List.of(), List.of(), 0, 0, Long.MAX_VALUE, "run", null);
  }

  private static BackendException refused(FcBackend b, String function) {
    try {
      b.invokeAsync(function, envelope(function));
    } catch (BackendException e) {
      return e;
    }
    throw new AssertionError("FC accepted '" + function + "'");
  }

  @Test
  void anInvocationIsAnAsyncPostOfTheEnvelopeToTheFc3Route() {
    try (FcBackend b = backend(KEY_ID)) {
      b.invokeAsync("f", envelope("f"));
    }
    Await.until("the invocation is delivered", () -> delivered.size() == 1);
    assertThat(delivered.getFirst().instanceId()).isEqualTo("f-1");
    FcStandIn.Request r = fc.requests().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/2023-03-30/functions/jf-f/invocations");
    assertThat(r.invocationType()).isEqualTo("Async");
    assertThat(r.logType()).isEqualTo("None");
    assertThat(r.authorization()).contains(KEY_ID);
  }

  @Test
  void aQualifierGoesIntoTheQuery() {
    FcOptions o = FcBackendContractTest.options(fc);
    FcOptions withQualifier = new FcOptions(o.region(), o.endpoint(), o.functionPrefix(), "prod", o.asyncPayload(),
        o.billing(), o.connectTimeout(), o.readTimeout());
    try (FcBackend b = FcBackend.create("ali", withQualifier, new FcCredentials(KEY_ID, "s", null))) {
      b.invokeAsync("f", envelope("f"));
    }
    assertThat(fc.requests().getFirst().query()).isEqualTo("qualifier=prod");
  }

  @Test
  void throttlingAndServerErrorsAreRetryable() {
    fc.failNext(429, "ResourceExhausted", "concurrent invocations exceed the limit", 1);
    fc.failNext(503, "ResourceThrottled", "instances exceed the limit", 1);
    fc.failNext(500, "InternalServerError", "internal error", 1);
    try (FcBackend b = backend(KEY_ID)) {
      for (String code : List.of("429 ResourceExhausted", "503 ResourceThrottled", "500 InternalServerError")) {
        BackendException e = refused(b, "f");
        assertThat(e.retryable()).as(code).isTrue();
        assertThat(e.getMessage()).contains("cloud 'ali' (aliyun-fc at " + fc.endpoint() + ")", "'jf-f'", code, "request 1-");
      }
      b.invokeAsync("f", envelope("f")); // the next attempt goes through
    }
  }

  @Test
  void aFunctionNotDeployedHereIsRetryableSoTheInvocationFailsOver() {
    try (FcBackend b = backend(KEY_ID)) {
      BackendException e = refused(b, "missing");
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("404 FunctionNotFound", "jf-missing", "deploy it to this cloud");
    }
  }

  @Test
  void rejectedCredentialsAreRetryableAndSaySoWhileABadRequestIsTerminal() {
    try (FcBackend b = backend("LTAIsomeoneelse")) {
      BackendException e = refused(b, "f");
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("403 InvalidAccessKeyId", "ALIBABA_CLOUD_ACCESS_KEY_ID");
    }
    fc.failNext(400, "InvalidArgument", "bad argument", 1);
    try (FcBackend b = backend(KEY_ID)) {
      BackendException e = refused(b, "f");
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("400 InvalidArgument");
    }
  }

  @Test
  void anUnreachableEndpointIsRetryableAndNamed() {
    URI dead = fc.endpoint();
    fc.close();
    try (FcBackend b = backend(KEY_ID)) {
      BackendException e = refused(b, "f");
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("aliyun-fc at " + dead, "no answer");
    }
  }

  @Test
  void aNameFcCannotHaveIsTerminal() {
    try (FcBackend b = backend(KEY_ID)) {
      assertThatThrownBy(() -> b.invokeAsync("a.b", envelope("a.b"))).isInstanceOf(BackendException.class)
          .hasMessageContaining("cannot be an FC function name 'jf-a.b'")
          .satisfies(e -> assertThat(((BackendException) e).retryable()).isFalse());
    }
  }

  private static CloudSpec cloud(Map<String, String> options, String... credentialsEnv) {
    ComputeSpec.Builder c = ComputeSpec.builder(ComputeType.ALIYUN_FC).credentialsEnv(credentialsEnv);
    options.forEach(c::option);
    return CloudSpec.builder("ali").compute(c.build()).build();
  }

  @Test
  void theProviderIsFoundByTypeAndReadsOptionsAndVariables() {
    ComputeBackendProvider p = ServiceLoader.load(ComputeBackendProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(x -> x.type().equals("aliyun-fc")).findFirst().orElseThrow();
    CloudSpec ali = cloud(Map.of("region", "cn-hangzhou", "endpoint", fc.endpoint().toString(), "function-prefix", "jf-"),
        "MY_ID", "MY_SECRET");
    Map<String, String> vars = Map.of("MY_ID", KEY_ID, "MY_SECRET", "s");
    try (ComputeBackend b = p.open(ali, null, vars::get)) {
      b.invokeAsync("f", envelope("f"));
      assertThat(b.limits().maxPayloadBytes()).isEqualTo(io.jointflow.cloud.Limits.DEFAULT_ASYNC_PAYLOAD / 2);
    }
    assertThatThrownBy(() -> p.open(ali, null, Map.of("MY_ID", KEY_ID)::get)).isInstanceOf(BackendException.class)
        .hasMessageContaining("MY_SECRET, which is not set");
    assertThatThrownBy(() -> p.open(cloud(Map.of("region", "cn-hangzhou")), null, vars::get))
        .hasMessageContaining("needs compute option account-id");
    assertThat(FcOptions.of(cloud(Map.of("region", "cn-hangzhou", "account-id", "123456"))).endpoint())
        .isEqualTo(URI.create("https://123456.cn-hangzhou.fc.aliyuncs.com"));
    assertThatThrownBy(() -> FcOptions.of(cloud(Map.of("region", "r", "account-id", "1", "colour", "red"))))
        .hasMessageContaining("unknown compute option 'colour'");
  }
}
