package io.jointflow.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How {@link LambdaBackend} maps Lambda's answers (from a local endpoint that plays them, through
 * the real SDK): throttling, Lambda's own errors, a missing function and denied access are
 * retryable (failover to another cloud of the placement), a too large or malformed request is not, and every message names the cloud, the function
 * and the endpoint.
 */
class LambdaBackendErrorsTest {

  @ParameterizedTest
  @CsvSource({
      "429, TooManyRequestsException, true, throttled",
      "500, ServiceException, true, Lambda failed",
      "502, ResourceNotReadyException, true, Lambda failed",
      "404, ResourceNotFoundException, true, does not exist",
      "403, AccessDeniedException, true, access denied",
      "413, RequestTooLargeException, false, too large",
      "400, InvalidRequestContentException, false, invalid request"})
  void lambdaErrorsAreRetryableOrTerminal(int status, String type, boolean retryable, String says) throws Exception {
    try (FakeLambda lambda = new FakeLambda();
         ComputeBackend b = Fixtures.open(Fixtures.cloud(lambda.endpoint(), "app-prod-", "max-attempts", "1"))) {
      lambda.answer(status, type);
      assertThatThrownBy(() -> b.invokeAsync("resize", ContractEnvelopes.of("resize", "i-1")))
          .isInstanceOf(BackendException.class)
          .satisfies(e -> assertThat(((BackendException) e).retryable()).as("retryable").isEqualTo(retryable))
          .hasMessageContaining("cloud 'aws' (aws-lambda, region us-east-1, endpoint " + lambda.endpoint() + ")")
          .hasMessageContaining("function 'resize' (Lambda function 'app-prod-resize')")
          .hasMessageContaining(says);
    }
  }

  @Test
  void anAcceptedInvocationIsOneAsynchronousInvokeOfThePrefixedFunction() throws Exception {
    try (FakeLambda lambda = new FakeLambda();
         ComputeBackend b = Fixtures.open(Fixtures.cloud(lambda.endpoint(), "app-prod-"))) {
      b.invokeAsync("resize", ContractEnvelopes.of("resize", "i-2"));
      FakeLambda.Invoke got = lambda.invokes.take();
      assertThat(got.function()).isEqualTo("app-prod-resize");
      assertThat(got.invocationType()).isEqualTo("Event");
      assertThat(new String(got.payload())).contains("\"instanceId\":\"i-2\"");
    }
  }

  @Test
  void aClosedBackendRefusesWithoutRetry() throws Exception {
    try (FakeLambda lambda = new FakeLambda()) {
      ComputeBackend b = Fixtures.open(Fixtures.cloud(lambda.endpoint(), ""));
      b.close();
      assertThatThrownBy(() -> b.invokeAsync("f", ContractEnvelopes.of("f", "i-3")))
          .isInstanceOf(BackendException.class)
          .satisfies(e -> assertThat(((BackendException) e).retryable()).isFalse())
          .hasMessageContaining("closed");
      assertThat(lambda.invokes).isEmpty();
    }
  }

  @Test
  void badOptionsAndMissingCredentialsAreNamed() {
    assertThatThrownBy(() -> Fixtures.open(Fixtures.cloud(java.net.URI.create("http://127.0.0.1:1"), "", "colour", "red")))
        .isInstanceOf(BackendException.class).hasMessageContaining("'colour' is unknown for type aws-lambda")
        .hasMessageContaining("function-prefix");
    var cloud = Fixtures.cloud(java.net.URI.create("http://127.0.0.1:1"), "");
    assertThatThrownBy(() -> new LambdaBackendProvider().open(cloud, io.jointflow.testkit.ManualEnvironment.direct(1), n -> null))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("environment variable 'TEST_AWS_KEY_ID', which is not set");
  }
}
