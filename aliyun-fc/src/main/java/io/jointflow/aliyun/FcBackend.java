package io.jointflow.aliyun;

import com.aliyun.fc20230330.Client;
import com.aliyun.fc20230330.models.InvokeFunctionHeaders;
import com.aliyun.fc20230330.models.InvokeFunctionRequest;
import com.aliyun.fc20230330.models.InvokeFunctionResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.worker.EnvelopeCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code aliyun-fc} compute backend: each invocation is one asynchronous {@code InvokeFunction}
 * of Function Compute 3.0 ({@code POST /2023-03-30/functions/NAME/invocations} with {@code
 * x-fc-invocation-type: Async}) carrying the envelope as the JSON the workers use. {@link
 * #invokeAsync} returns once FC answered 202 (queued by FC, which runs it at least once).
 *
 * <p>Failures say whether another attempt, or another cloud, may succeed: no connection, a timeout,
 * throttling (429), 5xx, a function that is not deployed here (404) and rejected credentials
 * (401/403: fix the environment and the run resumes) are retryable, so the caller fails over; a
 * request FC calls invalid (400: {@code InvalidArgument}, {@code EntityTooLarge}) is not. Messages
 * name the cloud, the endpoint, FC's error code and its request id. FC has no health route: {@link
 * #health()} reports healthy until closed, and the caller's circuit breaker tracks failures.
 * Thread safe.
 */
public final class FcBackend implements ComputeBackend {
  /** FC's rule for function names. */
  private static final Pattern FC_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_-]{0,63}");

  private final String cloud;
  private final FcOptions options;
  private final Client client;
  private final EnvelopeCodec codec;
  private volatile boolean closed;

  private FcBackend(String cloud, FcOptions options, Client client) {
    this.cloud = cloud;
    this.options = options;
    this.client = client;
    this.codec = new EnvelopeCodec(options.asyncPayload());
  }

  /**
   * A backend for the FC functions of {@code cloud}.
   *
   * @param credentials the access key id, its secret and an STS token (or null)
   * @throws BackendException (not retryable) if the SDK client cannot be made
   */
  public static FcBackend create(String cloud, FcOptions options, FcCredentials credentials) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(credentials, "credentials");
    Config config = new Config()
        .setAccessKeyId(credentials.accessKeyId())
        .setAccessKeySecret(credentials.accessKeySecret())
        .setRegionId(options.region())
        .setProtocol(options.endpoint().getScheme())
        .setEndpoint(options.endpoint().getAuthority())
        .setConnectTimeout((int) options.connectTimeout().toMillis())
        .setReadTimeout((int) options.readTimeout().toMillis());
    if (credentials.securityToken() != null) {
      config.setSecurityToken(credentials.securityToken());
    }
    try {
      return new FcBackend(cloud, options, new Client(config));
    } catch (Exception e) {
      throw new BackendException("cloud '" + cloud + "' (aliyun-fc at " + options.endpoint() + ") cannot make its FC client: "
          + e.getMessage(), e, false);
    }
  }

  @Override
  public String name() {
    return "aliyun-fc";
  }

  /**
   * Sends the invocation and returns once FC queued it.
   *
   * @throws BackendException if it was not accepted; {@link BackendException#retryable()} says
   *     whether to try again or elsewhere
   */
  @Override
  public void invokeAsync(String function, Envelope envelope) {
    if (closed) {
      throw new BackendException("cloud '" + cloud + "' (aliyun-fc) backend is closed; invocation of '" + function
          + "' not accepted", null, false);
    }
    String fcName = options.fcName(function);
    if (!FC_NAME.matcher(fcName).matches()) {
      throw new BackendException("function '" + function + "' cannot be an FC function name '" + fcName
          + "' (FC allows letters, digits, '_' and '-', 1 to 64, not starting with a digit or '-')", null, false);
    }
    byte[] body;
    try {
      body = codec.encode(envelope);
    } catch (JointflowException e) {
      throw new BackendException("cloud '" + cloud + "' (aliyun-fc) cannot take function '" + function + "': "
          + e.getMessage(), e, false);
    }
    InvokeFunctionRequest request = new InvokeFunctionRequest().setBody(new ByteArrayInputStream(body));
    if (options.qualifier() != null) {
      request.setQualifier(options.qualifier());
    }
    InvokeFunctionHeaders headers = new InvokeFunctionHeaders().setXFcInvocationType("Async").setXFcLogType("None");
    RuntimeOptions runtime = new RuntimeOptions();
    runtime.autoretry = false; // the caller retries and fails over
    runtime.connectTimeout = (int) options.connectTimeout().toMillis();
    runtime.readTimeout = (int) options.readTimeout().toMillis();
    InvokeFunctionResponse response;
    try {
      response = client.invokeFunctionWithOptions(fcName, request, headers, runtime);
    } catch (TeaRetryableException | TeaUnretryableException e) {
      throw failure(fcName, "no answer (" + rootMessage(e) + ")", e, true);
    } catch (TeaException e) {
      throw rejected(fcName, e);
    } catch (Exception e) {
      throw failure(fcName, "the FC client failed (" + rootMessage(e) + ")", e, true);
    }
    drain(response.getBody());
    int status = response.getStatusCode() == null ? 0 : response.getStatusCode();
    if (status != 202 && status != 200) {
      throw failure(fcName, "unexpected status " + status, null, status >= 500 || status == 429);
    }
  }

  /** Maps FC's error reply: its status, {@code Code}, {@code Message} and request id. */
  private BackendException rejected(String fcName, TeaException e) {
    int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
    String code = e.getCode();
    Object requestId = e.getData() == null ? null : e.getData().get("RequestId");
    String problem = status + " " + code + " (" + e.getMessage() + ")" + (requestId != null ? " request " + requestId : "");
    boolean retryable = status != 400;
    if (status == 404) {
      problem += "; deploy it to this cloud, or the invocation goes to the next cloud of its placement";
    } else if (status == 401 || status == 403) {
      problem += "; check the credentials in the environment variables credentials-env names"
          + " (default ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET)";
    }
    return failure(fcName, problem, e, retryable);
  }

  private BackendException failure(String fcName, String problem, Throwable cause, boolean retryable) {
    return new BackendException("cloud '" + cloud + "' (aliyun-fc at " + options.endpoint() + ") did not accept an"
        + " invocation of function '" + fcName + "': " + problem, cause, retryable);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
  }

  private static void drain(InputStream body) {
    if (body == null) {
      return;
    }
    try (body) {
      body.readAllBytes();
    } catch (IOException e) {
      // the status decided already; an unread empty async reply is harmless
    }
  }

  /** Healthy until closed: FC has no health route, the caller's circuit breaker counts failures. */
  @Override
  public Health health() {
    return closed ? new Health(false, "closed") : new Health(true, "cloud '" + cloud + "' aliyun-fc at "
        + options.endpoint() + " (not probed)");
  }

  @Override
  public Limits limits() {
    return options.limits();
  }

  @Override
  public Billing billing() {
    return options.billing();
  }

  /** Refuses further invocations (not retryable). Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "FcBackend[" + cloud + " " + options.endpoint() + "]";
  }
}
