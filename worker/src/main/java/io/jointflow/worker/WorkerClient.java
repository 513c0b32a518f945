package io.jointflow.worker;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeType;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Environment;
import java.util.Objects;

/**
 * A Jointflow host that reaches every {@code worker} cloud of a clouds file through a {@link
 * WorkerBackend} and runs none of their functions itself: it deploys apps, starts runs (their entry
 * invocation goes to the entry function's worker) and follows them in the clouds' state stores.
 * Like every host it also sweeps, so it recovers lost invocations too. {@code jointflow run
 * --clouds} uses it when the clouds file names workers.
 */
public final class WorkerClient {
  private WorkerClient() {}

  /**
   * Opens a client host; close the returned {@link Jointflow} (it closes the stores and backends;
   * {@code env} stays the caller's).
   *
   * @param cloud the cloud whose state store holds this host's unplaced records: any of the file,
   *     usually the first worker cloud
   * @param key the deployment's signing key
   * @throws JointflowException if a store cannot open or a cloud's compute type has no backend here
   */
  public static Jointflow connect(Clouds clouds, String cloud, SigningKey key, Environment env,
      JointflowOptions options, ClassLoader loader) {
    Objects.requireNonNull(clouds, "clouds");
    return Jointflow.builder()
        .clouds(clouds, cloud, backends(clouds, key, env))
        .environment(env)
        .options(options)
        .classLoader(loader)
        .build();
  }

  /**
   * The compute backend of each cloud for a host that reaches workers: a signed {@link WorkerBackend}
   * with the cloud's payload limit for a worker cloud, null (run in that host) for a local one.
   */
  public static java.util.function.Function<CloudSpec, ComputeBackend> backends(Clouds clouds, SigningKey key,
      Environment env) {
    RequestSigner signer = RequestSigner.create(key, env, clouds.signing().replayWindow(),
        RequestSigner.DEFAULT_MAX_NONCES);
    return c -> backend(c, signer);
  }

  /** The first cloud of the file whose compute is {@code worker}, or null if none is. */
  public static String firstWorkerCloud(Clouds clouds) {
    return clouds.clouds().values().stream().filter(c -> c.compute().type() == ComputeType.WORKER)
        .map(CloudSpec::name).findFirst().orElse(null);
  }

  /**
   * The signing key held by the environment variable that {@code signing.key-env} names.
   *
   * @throws JointflowException naming the variable and how to make a key, if it is unset or too short
   */
  public static SigningKey key(Clouds clouds) {
    return key(clouds, System::getenv);
  }

  /** As {@link #key(Clouds)}, reading variables from {@code env} (for tests). */
  static SigningKey key(Clouds clouds, java.util.function.UnaryOperator<String> env) {
    String variable = clouds.signing().keyEnv();
    try {
      return SigningKey.fromEnvironment(variable, env);
    } catch (JointflowException e) {
      throw new JointflowException(e.getMessage() + "; set it on every host of the deployment, e.g. export "
          + variable + "=\"$(openssl rand -base64 32)\" (signing.key-env in the clouds file names it)", e);
    }
  }

  /**
   * A worker backend for a worker cloud, with the cloud's payload limit; null (run in this process)
   * for a local one.
   */
  static ComputeBackend backend(CloudSpec c, RequestSigner signer) {
    if (c.compute().type() != ComputeType.WORKER) {
      return null;
    }
    return WorkerBackend.create(c.compute().url(), signer, WorkerBackendOptions.forCloud(c));
  }
}
