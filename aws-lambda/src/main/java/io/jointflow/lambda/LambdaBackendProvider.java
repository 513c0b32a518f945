package io.jointflow.lambda;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Prices;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.spi.Environment;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Opens the {@link LambdaBackend} of an {@code aws-lambda} cloud (found by {@link
 * java.util.ServiceLoader} under the type {@code aws-lambda}).
 *
 * <p>Credentials never come from the clouds file. With no {@code credentials-env}, the SDK's default
 * chain applies ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE}, the
 * function's or instance's role). One variable names the profile to use; two or three hold the
 * access key id, the secret access key and, optionally, a session token.
 */
public final class LambdaBackendProvider implements ComputeBackendProvider {

  @Override
  public String type() {
    return "aws-lambda";
  }

  @Override
  public ComputeBackend open(CloudSpec cloud, Environment environment, UnaryOperator<String> variables) {
    LambdaOptions options;
    try {
      options = LambdaOptions.of(cloud);
    } catch (JointflowException e) {
      throw new BackendException(e.getMessage(), e, false);
    }
    AwsCredentialsProvider credentials = credentials(cloud, variables);
    var builder = LambdaClient.builder()
        .region(Region.of(options.region()))
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(options.timeout())
            .socketTimeout(options.timeout()))
        .overrideConfiguration(c -> c.apiCallTimeout(options.timeout())
            .retryStrategy(r -> r.maxAttempts(options.maxAttempts())));
    if (options.endpoint() != null) {
      builder.endpointOverride(options.endpoint());
    }
    LambdaClient client;
    try {
      client = builder.build();
    } catch (RuntimeException e) {
      throw new BackendException("cloud '" + cloud.name() + "' (aws-lambda, region " + options.region()
          + ") cannot open its Lambda client: " + e.getMessage(), e, false);
    }
    return new LambdaBackend(cloud.name(), options, client,
        new ComputeBackend.Limits(cloud.limits().asyncPayload(), 0), billing(cloud.prices()));
  }

  /** The cloud's prices as the backend's billing facts. */
  static ComputeBackend.Billing billing(Prices p) {
    return new ComputeBackend.Billing(p.perGbSecond().doubleValue(),
        p.perMillionRequests().divide(BigDecimal.valueOf(1_000_000)).doubleValue(), p.granularity());
  }

  /** The credentials the cloud's {@code credentials-env} names, or the SDK's default chain. */
  static AwsCredentialsProvider credentials(CloudSpec cloud, UnaryOperator<String> variables) {
    List<String> names = cloud.compute().credentialsEnv();
    if (names.isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    if (names.size() > 3) {
      throw new BackendException("cloud '" + cloud.name() + "' credentials-env names " + names.size() + " variables: "
          + names + "; aws-lambda takes one (a profile name) or two or three (access key id, secret access key,"
          + " session token)", null, false);
    }
    String[] values = new String[names.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = variables.apply(names.get(i));
      if (values[i] == null || values[i].isBlank()) {
        throw new BackendException("cloud '" + cloud.name() + "' reads credentials from environment variable '"
            + names.get(i) + "', which is not set; export it (credentials-env in the clouds file names it)", null, false);
      }
    }
    return switch (values.length) {
      case 1 -> ProfileCredentialsProvider.create(values[0]);
      case 2 -> StaticCredentialsProvider.create(AwsBasicCredentials.create(values[0], values[1]));
      default -> StaticCredentialsProvider.create(AwsSessionCredentials.create(values[0], values[1], values[2]));
    };
  }
}
