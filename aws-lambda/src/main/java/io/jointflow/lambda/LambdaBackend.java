package io.jointflow.lambda;

import io.jointflow.function.JointflowException;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.worker.EnvelopeCodec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * The {@code aws-lambda} compute backend: each invocation is one asynchronous Lambda {@code Invoke}
 * ({@code InvocationType=Event}) of the function {@code function-prefix + name}, carrying the
 * envelope as JSON (the worker wire form); it returns once Lambda queued the event (202). Lambda
 * delivers a queued event at least once and enforces the function's concurrency itself.
 *
 * <p>Failures: throttling (429), Lambda's own errors (5xx) and I/O failures or timeouts reaching
 * the endpoint are retryable, so the caller fails over to the function's next cloud; a missing
 * function, denied access or an invalid request are not, and their messages say how to fix them.
 * Thread safe.
 */
public final class LambdaBackend implements ComputeBackend {
  private final String cloud;
  private final LambdaOptions options;
  private final LambdaClient client;
  private final EnvelopeCodec codec;
  private final Limits limits;
  private final Billing billing;
  private volatile boolean closed;

  LambdaBackend(String cloud, LambdaOptions options, LambdaClient client, Limits limits, Billing billing) {
    this.cloud = cloud;
    this.options = options;
    this.client = client;
    this.limits = limits;
    this.billing = billing;
    this.codec = new EnvelopeCodec(limits.maxPayloadBytes());
  }

  @Override
  public String name() {
    return "aws-lambda";
  }

  @Override
  public void invokeAsync(String function, Envelope envelope) {
    String lambda = options.lambdaName(function);
    if (closed) {
      throw new BackendException(where() + " is closed; invocation of function '" + function + "' not accepted", null, false);
    }
    byte[] body;
    try {
      body = codec.encode(envelope);
    } catch (JointflowException e) {
      throw new BackendException(refused(function, lambda) + e.getMessage(), e, false);
    }
    InvokeResponse r;
    try {
      r = client.invoke(InvokeRequest.builder().functionName(lambda).qualifier(options.qualifier())
          .invocationType(InvocationType.EVENT).payload(SdkBytes.fromByteArrayUnsafe(body)).build());
    } catch (SdkException e) {
      throw failure(function, lambda, e);
    }
    if (r.statusCode() != 202) {
      throw new BackendException(refused(function, lambda) + "status " + r.statusCode() + " where an asynchronous Invoke"
          + " answers 202" + (r.functionError() != null ? " (function error " + r.functionError() + ")" : ""), null,
          r.statusCode() >= 500);
    }
  }

  /**
   * Maps an SDK failure to a retryable or terminal {@link BackendException}. Throttling, 5xx, I/O,
   * and also a function missing from this cloud or access denied here are retryable: another cloud
   * of the placement may have the function and the rights (Jointλ's failover case of an invalid
   * function id), and the sweeper re-invokes it here once it is deployed or allowed, as the FC
   * adapter does. A request Lambda can never take (too large, malformed) is terminal.
   */
  private BackendException failure(String function, String lambda, SdkException e) {
    String head = refused(function, lambda);
    if (e instanceof SdkClientException) {
      return new BackendException(head + "endpoint unreachable or too slow (" + e.getMessage() + ")", e, true);
    }
    int status = e instanceof LambdaException le ? le.statusCode() : 0;
    String code = e instanceof LambdaException le && le.awsErrorDetails() != null
        ? le.awsErrorDetails().errorCode() + ": " + le.awsErrorDetails().errorMessage() : e.getMessage();
    if (e instanceof TooManyRequestsException || status == 429) {
      return new BackendException(head + "throttled (" + code + ")", e, true);
    }
    if (status >= 500 || status == 0) {
      return new BackendException(head + "Lambda failed (" + status + " " + code + ")", e, true);
    }
    if (e instanceof ResourceNotFoundException || status == 404) {
      return new BackendException(head + "the function does not exist (" + code + "); deploy it as '" + lambda
          + "' (jointflow package prints the command) or correct compute.options.function-prefix", e, true);
    }
    if (status == 401 || status == 403) {
      return new BackendException(head + "access denied (" + status + " " + code + "); give the caller's credentials"
          + " (AWS_PROFILE, AWS_ACCESS_KEY_ID or the function's role) lambda:InvokeFunction on it", e, true);
    }
    if (e instanceof RequestTooLargeException || status == 413) {
      return new BackendException(head + "the envelope is too large (" + code + "); lower the cloud's"
          + " limits.async-payload so that larger inputs travel as blob references", e, false);
    }
    return new BackendException(head + "invalid request (" + status + " " + code + ")", e, false);
  }

  private String refused(String function, String lambda) {
    return where() + " did not accept an invocation of function '" + function + "' (Lambda function '" + lambda + "'): ";
  }

  private String where() {
    return "cloud '" + cloud + "' (aws-lambda, region " + options.region()
        + (options.endpoint() != null ? ", endpoint " + options.endpoint() : "") + ")";
  }

  /**
   * Healthy until closed: Lambda has no cheap health call, so refusals show in the circuit breaker
   * of each host's failover instead.
   */
  @Override
  public Health health() {
    return new Health(!closed, closed ? "closed" : where() + " accepts invocations as far as this host knows");
  }

  @Override
  public Limits limits() {
    return limits;
  }

  @Override
  public Billing billing() {
    return billing;
  }

  /** Refuses further invocations (not retryable) and closes the SDK client. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      client.close();
    }
  }

  @Override
  public String toString() {
    return "LambdaBackend[" + where() + "]";
  }
}
