package io.jointflow.spi;

import io.jointflow.cloud.CloudSpec;
import java.util.function.UnaryOperator;

/**
 * Opens the {@link ComputeBackend} of a cloud whose compute type is a real cloud ({@code
 * aws-lambda}, {@code aliyun-fc}, {@code http}), found through {@link java.util.ServiceLoader} by
 * {@link #type()}. Each adapter module registers one in {@code
 * META-INF/services/io.jointflow.spi.ComputeBackendProvider}.
 */
public interface ComputeBackendProvider {
  /** The compute type it serves, as spelled in {@code clouds.yaml}, e.g. {@code aws-lambda}. */
  String type();

  /**
   * Opens a backend that invokes the functions of {@code cloud}.
   *
   * @param cloud the cloud, with its compute options and the names of its credential variables
   * @param environment time and timers of the host
   * @param variables reads environment variables (credentials); {@code System::getenv} outside tests
   * @throws BackendException if it cannot be opened, naming the cloud, the endpoint and the fix
   */
  ComputeBackend open(CloudSpec cloud, Environment environment, UnaryOperator<String> variables);
}
