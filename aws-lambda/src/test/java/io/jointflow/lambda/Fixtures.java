package io.jointflow.lambda;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.testkit.ManualEnvironment;
import java.net.URI;
import java.util.Map;

/** Clouds and backends of the tests, with the credentials x/x that serverless-offline accepts. */
final class Fixtures {
  static final Map<String, String> VARIABLES = Map.of("TEST_AWS_KEY_ID", "x", "TEST_AWS_SECRET", "x");

  private Fixtures() {}

  /** An aws-lambda cloud {@code aws} at {@code endpoint} with more options (key, value, ...). */
  static CloudSpec cloud(URI endpoint, String prefix, String... options) {
    ComputeSpec.Builder c = ComputeSpec.builder(ComputeType.AWS_LAMBDA).option("region", "us-east-1")
        .option("endpoint", endpoint.toString()).option("function-prefix", prefix)
        .credentialsEnv("TEST_AWS_KEY_ID", "TEST_AWS_SECRET");
    for (int i = 0; i < options.length; i += 2) {
      c.option(options[i], options[i + 1]);
    }
    return Clouds.builder().cloud("aws", s -> s.compute(c.build())).build().cloud("aws");
  }

  static ComputeBackend open(CloudSpec cloud) {
    return new LambdaBackendProvider().open(cloud, ManualEnvironment.direct(1), VARIABLES::get);
  }
}
