package io.jointflow.worker;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Signing;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.spi.Environment;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Opens the backend of a cloud whose compute type is {@code http}: a {@link WorkerBackend} that
 * sends the workers' signed invocations to the cloud's {@code url}, at {@code options.path} (default
 * {@value #DEFAULT_PATH}, a worker's), signing with the key in the environment variable {@code
 * options.key-env} names (default {@value Signing#DEFAULT_KEY_ENV}, as a clouds file's {@code
 * signing}). The endpoint must answer 202 once it queued an invocation, and verify the signature
 * over the path it receives: a proxy in between must not rewrite the path.
 */
public final class HttpComputeProvider implements ComputeBackendProvider {
  /** Where the function name goes in {@code options.path}. */
  static final String FUNCTION = "{function}";
  /** The invoke path of a Jointflow worker. */
  public static final String DEFAULT_PATH = "/v1/invoke/{function}";
  private static final List<String> OPTIONS = List.of("path", "key-env");

  /** Called by {@link java.util.ServiceLoader}. */
  public HttpComputeProvider() {}

  @Override
  public String type() {
    return "http";
  }

  /**
   * Opens the backend.
   *
   * @throws BackendException naming the cloud and the option or variable at fault (an unset key is
   *     retryable: set it and the run resumes)
   */
  @Override
  public ComputeBackend open(CloudSpec cloud, Environment environment, UnaryOperator<String> variables) {
    Map<String, String> o = cloud.compute().options();
    String what = "cloud '" + cloud.name() + "' (http)";
    for (String key : o.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new BackendException(what + " has unknown compute option '" + key + "' (valid: " + String.join(", ", OPTIONS)
            + ")", null, false);
      }
    }
    String path = o.getOrDefault("path", DEFAULT_PATH);
    if (!path.startsWith("/") || !path.contains(FUNCTION)) {
      throw new BackendException(what + " compute option path '" + path + "' must start with '/' and contain "
          + FUNCTION + ", e.g. " + DEFAULT_PATH, null, false);
    }
    String keyEnv = o.getOrDefault("key-env", Signing.DEFAULT_KEY_ENV);
    SigningKey key;
    try {
      key = SigningKey.fromEnvironment(keyEnv, variables);
    } catch (JointflowException e) {
      throw new BackendException(what + " signs its requests with the key in " + keyEnv + ": " + e.getMessage()
          + "; export the deployment's key there (options.key-env names the variable)", e, true);
    }
    RequestSigner signer = RequestSigner.create(key, environment, Signing.DEFAULT_REPLAY_WINDOW,
        RequestSigner.DEFAULT_MAX_NONCES);
    return WorkerBackend.http(cloud.compute().url(), path, signer, WorkerBackendOptions.forCloud(cloud));
  }
}
