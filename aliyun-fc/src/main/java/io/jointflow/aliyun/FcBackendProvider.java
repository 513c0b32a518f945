package io.jointflow.aliyun;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.spi.Environment;
import java.util.function.UnaryOperator;

/** Opens an {@link FcBackend} for a cloud whose compute type is {@code aliyun-fc}. */
public final class FcBackendProvider implements ComputeBackendProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public FcBackendProvider() {}

  @Override
  public String type() {
    return "aliyun-fc";
  }

  /**
   * Opens the backend from the cloud's {@code compute.options} and the credential variables.
   *
   * @throws io.jointflow.spi.BackendException naming the cloud and the option or variable at fault
   */
  @Override
  public ComputeBackend open(CloudSpec cloud, Environment environment, UnaryOperator<String> variables) {
    FcOptions options = FcOptions.of(cloud);
    return FcBackend.create(cloud.name(), options,
        FcCredentials.fromEnvironment(cloud.name(), cloud.compute().credentialsEnv(), variables));
  }
}
