package io.jointflow.aliyun;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.spi.BackendException;
import io.jointflow.spi.ComputeBackend;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how an {@link FcBackend} invokes functions, from a cloud's {@code compute.options}.
 *
 * @param region the region, e.g. {@code cn-hangzhou}
 * @param endpoint the FC 3.0 endpoint: {@code options.endpoint} (e.g. {@code http://127.0.0.1:9000}),
 *     else {@code https://ACCOUNT.REGION.fc.aliyuncs.com} from {@code options.account-id}
 * @param functionPrefix put before each Jointflow function name to form the FC function name
 * @param qualifier the version or alias invoked, or null for {@code LATEST}
 * @param asyncPayload the largest request body FC accepts for an async invocation (the cloud's
 *     {@code limits.async-payload}; FC's is 128 KB)
 * @param billing the cloud's prices
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for FC to accept one invocation
 */
public record FcOptions(String region, URI endpoint, String functionPrefix, String qualifier,
    long asyncPayload, ComputeBackend.Billing billing, Duration connectTimeout, Duration readTimeout) {

  /** The options {@code compute.options} may hold. */
  static final List<String> KEYS = List.of("region", "endpoint", "account-id", "function-prefix", "qualifier");

  public FcOptions {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    functionPrefix = functionPrefix == null ? "" : functionPrefix;
    if (asyncPayload < 1024) {
      throw new IllegalArgumentException("aliyun-fc async payload limit must be at least 1KB: " + asyncPayload);
    }
    Objects.requireNonNull(billing, "billing");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
  }

  /**
   * The options of an {@code aliyun-fc} cloud.
   *
   * @throws BackendException (not retryable) naming the cloud and the option that is missing or wrong
   */
  public static FcOptions of(CloudSpec cloud) {
    Map<String, String> o = cloud.compute().options();
    String what = "cloud '" + cloud.name() + "' (aliyun-fc)";
    for (String key : o.keySet()) {
      if (!KEYS.contains(key)) {
        throw new BackendException(what + " has unknown compute option '" + key + "' (valid: " + String.join(", ", KEYS)
            + ")", null, false);
      }
    }
    String region = o.get("region");
    URI endpoint;
    if (o.containsKey("endpoint")) {
      String e = o.get("endpoint");
      endpoint = URI.create(e.contains("://") ? e : "https://" + e);
      if (endpoint.getHost() == null || !List.of("http", "https").contains(endpoint.getScheme())) {
        throw new BackendException(what + " compute option endpoint '" + e + "' is not an http(s) URL with a host",
            null, false);
      }
    } else if (o.containsKey("account-id")) {
      endpoint = URI.create("https://" + o.get("account-id") + "." + region + ".fc.aliyuncs.com");
    } else {
      throw new BackendException(what + " needs compute option account-id (your Alibaba Cloud account id, which"
          + " names the FC endpoint ACCOUNT.REGION.fc.aliyuncs.com) or endpoint", null, false);
    }
    var prices = cloud.prices();
    var billing = new ComputeBackend.Billing(prices.perGbSecond().doubleValue(),
        prices.perMillionRequests().divide(BigDecimal.valueOf(1_000_000)).doubleValue(), prices.granularity());
    return new FcOptions(region, endpoint, o.get("function-prefix"), o.get("qualifier"),
        cloud.limits().asyncPayload(), billing, Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  /**
   * What the runtime may send inline: half the request limit, since inline bytes travel as base64
   * (4/3) in the JSON envelope and the rest is metadata; larger inputs go as blob references.
   * Concurrency is FC's to enforce (0).
   */
  ComputeBackend.Limits limits() {
    return new ComputeBackend.Limits(asyncPayload / 2, 0);
  }

  /** The FC function name of a Jointflow function. */
  String fcName(String function) {
    return functionPrefix + function;
  }
}
