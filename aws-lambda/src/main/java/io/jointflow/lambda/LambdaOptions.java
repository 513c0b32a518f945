package io.jointflow.lambda;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.function.JointflowException;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@code aws-lambda} cloud is reached: the {@code compute.options} of its {@code clouds.yaml}
 * entry.
 *
 * @param region the AWS region, e.g. {@code ap-northeast-1} ({@code region})
 * @param endpoint a custom Lambda endpoint such as serverless-offline's {@code
 *     http://127.0.0.1:3002}, or null for the region's ({@code endpoint})
 * @param functionPrefix put before a Jointflow function's name to give the Lambda function's name,
 *     e.g. {@code myapp-prod-} ({@code function-prefix}, default empty)
 * @param qualifier the version or alias to invoke, or null for {@code $LATEST} ({@code qualifier})
 * @param maxAttempts tries of one Invoke call by the SDK (throttling, 5xx, I/O) before the failure
 *     goes to Jointflow's failover ({@code max-attempts}, default 2)
 * @param timeout the longest one Invoke call may take, retries included ({@code timeout}, default 10s)
 */
public record LambdaOptions(String region, URI endpoint, String functionPrefix, String qualifier,
    int maxAttempts, Duration timeout) {

  /** The option keys an {@code aws-lambda} cloud takes. */
  public static final List<String> KEYS = List.of("region", "endpoint", "function-prefix", "qualifier",
      "max-attempts", "timeout");

  public LambdaOptions {
    Objects.requireNonNull(region, "region");
    functionPrefix = functionPrefix == null ? "" : functionPrefix;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("aws-lambda option 'max-attempts' must be >= 1: " + maxAttempts);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("aws-lambda option 'timeout' must be a positive duration: " + timeout);
    }
  }

  /** The defaults for a region: the region's endpoint, no prefix, {@code $LATEST}, 2 attempts, 10 s. */
  public static LambdaOptions defaults(String region) {
    return new LambdaOptions(region, null, "", null, 2, Duration.ofSeconds(10));
  }

  /** The Lambda function that runs Jointflow function {@code function}. */
  public String lambdaName(String function) {
    return functionPrefix + function;
  }

  /**
   * Reads a cloud's {@code compute.options}.
   *
   * @throws JointflowException naming the cloud, the bad option and the valid keys
   */
  public static LambdaOptions of(CloudSpec cloud) {
    Map<String, String> o = cloud.compute().options();
    String where = "cloud '" + cloud.name() + "' compute option ";
    for (String key : o.keySet()) {
      if (!KEYS.contains(key)) {
        throw new JointflowException(where + "'" + key + "' is unknown for type aws-lambda (valid: "
            + String.join(", ", KEYS) + ")");
      }
    }
    String region = o.get("region");
    if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
      throw new JointflowException(where + "'region' is not an AWS region such as ap-northeast-1: " + region);
    }
    URI endpoint = null;
    if (o.containsKey("endpoint")) {
      try {
        endpoint = URI.create(o.get("endpoint"));
      } catch (IllegalArgumentException e) {
        throw new JointflowException(where + "'endpoint' is not a URL: " + o.get("endpoint"), e);
      }
      if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
        throw new JointflowException(where + "'endpoint' must be http://HOST:PORT or https://...: " + endpoint);
      }
    }
    int attempts;
    try {
      attempts = Integer.parseInt(o.getOrDefault("max-attempts", "2"));
    } catch (NumberFormatException e) {
      throw new JointflowException(where + "'max-attempts' must be an integer >= 1: " + o.get("max-attempts"), e);
    }
    Duration timeout;
    try {
      timeout = parseDuration(o.getOrDefault("timeout", "10s"));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new JointflowException(where + "'timeout' must be a duration such as 500ms, 10s or 1m: " + o.get("timeout"), e);
    }
    try {
      return new LambdaOptions(region, endpoint, o.get("function-prefix"), o.get("qualifier"), attempts, timeout);
    } catch (IllegalArgumentException e) {
      throw new JointflowException("cloud '" + cloud.name() + "' " + e.getMessage(), e);
    }
  }

  /** {@code 500ms}, {@code 10s}, {@code 2m}, or an ISO-8601 duration. */
  private static Duration parseDuration(String s) {
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    if (s.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    }
    if (s.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    }
    return Duration.parse(s);
  }
}
