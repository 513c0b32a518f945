package io.jointflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ServerlessOffline;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The Lambda Invoke API as serverless-offline serves it, through the AWS SDK and through {@link
 * LambdaBackend}: a synchronous invoke answers 200 with the function's result, an asynchronous one
 * 202 before the function ran, a throwing function {@code FunctionError: Unhandled} (as real Lambda
 * does), a missing function 404 {@code ResourceNotFoundException}, which the backend reports as
 * not retryable, naming the function and the fix.
 */
class LambdaInvokeIT {
  private static ServerlessOffline sls;
  private static Relay relay;
  private static LambdaClient client;

  @BeforeAll
  static void start() throws Exception {
    relay = new Relay();
    sls = ServerlessOffline.builder("demo")
        .node("echo", Relay.ECHO)
        .node("fail", Relay.THROWS)
        .node("f", Relay.NODE)
        .environment("SINK_URL", relay.url())
        .start();
    client = LambdaClient.builder().endpointOverride(sls.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (sls != null) {
      sls.close();
    }
    if (relay != null) {
      relay.close();
    }
  }

  private static InvokeResponse invoke(String fn, InvocationType type, String payload) {
    return client.invoke(b -> b.functionName(sls.functionName(fn)).invocationType(type)
        .payload(SdkBytes.fromString(payload, StandardCharsets.UTF_8)));
  }

  @Test
  void aSynchronousInvokeAnswers200WithTheResult() {
    InvokeResponse r = invoke("echo", InvocationType.REQUEST_RESPONSE, "{\"n\":1}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.functionError()).isNull();
    assertThat(r.payload().asUtf8String()).isEqualTo("{\"echo\":{\"n\":1}}");
  }

  @Test
  void anAsynchronousInvokeAnswers202() {
    InvokeResponse r = invoke("echo", InvocationType.EVENT, "{\"n\":2}");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.payload().asByteArray()).isEmpty();
  }

  @Test
  void aThrowingFunctionAnswersFunctionErrorUnhandled() {
    InvokeResponse r = invoke("fail", InvocationType.REQUEST_RESPONSE, "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.functionError()).isEqualTo("Unhandled");
    assertThat(r.payload().asUtf8String()).contains("\"errorMessage\":\"boom\"");
  }

  @Test
  void aMissingFunctionIsResourceNotFound() {
    assertThatThrownBy(() -> invoke("nope", InvocationType.EVENT, "{}"))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(404));
  }

  @Test
  void theBackendDeliversAnEnvelopeThroughAnAsynchronousInvoke() throws Exception {
    LinkedBlockingQueue<Envelope> got = new LinkedBlockingQueue<>();
    relay.sink(got::add);
    try (ComputeBackend b = Fixtures.open(Fixtures.cloud(sls.endpoint(), sls.functionPrefix()))) {
      Envelope e = new Envelope("app", "run-1", "f", "i-1", "start", List.of(0, 2), List.of(), 1, 3,
          1_800_000_000_000L, "trace", null, "aws");
      b.invokeAsync("f", e);
      Envelope received = got.poll(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      assertThat(received).isEqualTo(e);
    }
  }

  @Test
  void theBackendAcceptsAThrowingFunctionsEventAsLambdaDoes() {
    try (ComputeBackend b = Fixtures.open(Fixtures.cloud(sls.endpoint(), sls.functionPrefix()))) {
      b.invokeAsync("fail", ContractEnvelopes.of("fail", "i-2")); // 202: the failure is Lambda's to retry
    }
  }

  @Test
  void theBackendReportsAMissingFunctionAsRetryableElsewhereNamingTheFix() {
    try (ComputeBackend b = Fixtures.open(Fixtures.cloud(sls.endpoint(), sls.functionPrefix()))) {
      assertThatThrownBy(() -> b.invokeAsync("nope", ContractEnvelopes.of("nope", "i-3")))
          .isInstanceOf(BackendException.class)
          .satisfies(e -> assertThat(((BackendException) e).retryable()).as("another cloud may have it: failover").isTrue())
          .hasMessageContaining("cloud 'aws' (aws-lambda, region us-east-1, endpoint " + sls.endpoint() + ")")
          .hasMessageContaining("Lambda function 'demo-dev-nope'")
          .hasMessageContaining("does not exist")
          .hasMessageContaining("function-prefix");
    }
  }

  @Test
  void anUnreachableEndpointIsRetryable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    try (ComputeBackend b = Fixtures.open(Fixtures.cloud(URI.create("http://127.0.0.1:" + closed), "demo-dev-",
        "max-attempts", "1"))) {
      assertThatThrownBy(() -> b.invokeAsync("f", ContractEnvelopes.of("f", "i-4")))
          .isInstanceOf(BackendException.class)
          .satisfies(e -> assertThat(((BackendException) e).retryable()).isTrue())
          .hasMessageContaining("endpoint unreachable");
    }
  }
}
