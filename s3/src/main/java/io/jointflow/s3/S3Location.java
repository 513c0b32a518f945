package io.jointflow.s3;

import io.jointflow.spi.StoreException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an {@link S3BlobStore} keeps its blobs: {@code s3://BUCKET[/PREFIX][?OPTIONS]}.
 *
 * <p>Options (query parameters): {@code region} (default: the SDK's region chain, {@code AWS_REGION},
 * then {@code us-east-1}); {@code endpoint}, an S3-compatible server such as {@code
 * http://127.0.0.1:4568} (implies path-style addressing); {@code path-style} ({@code true} or {@code
 * false}); {@code credentials-env}, the names of two environment variables holding the access key id
 * and the secret ({@code credentials-env=MY_ID,MY_SECRET}; default: the SDK's credential chain).
 * Credentials themselves never appear in a location.
 *
 * @param bucket the bucket, which must exist
 * @param prefix prepended to every key with a {@code /}, or empty
 * @param region the region, or null for the SDK's chain
 * @param endpoint a custom endpoint, or null for AWS's
 * @param pathStyle whether the bucket goes into the path instead of the host name
 * @param credentialsEnv none, or the names of the variables with the access key id and the secret
 */
public record S3Location(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
    List<String> credentialsEnv) {

  private static final List<String> OPTIONS = List.of("region", "endpoint", "path-style", "credentials-env");

  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    prefix = prefix == null ? "" : prefix;
    credentialsEnv = List.copyOf(credentialsEnv);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw problem("bucket '" + bucket + "' is not a valid S3 bucket name (3 to 63 of a-z 0-9 . -)", null);
    }
    if (prefix.startsWith("/") || prefix.endsWith("/")) {
      throw problem("prefix '" + prefix + "' must not start or end with '/'", null);
    }
    if (!credentialsEnv.isEmpty() && credentialsEnv.size() != 2) {
      throw problem("option credentials-env needs two variable names (access key id, secret): " + credentialsEnv, null);
    }
  }

  /**
   * Parses {@code s3://BUCKET[/PREFIX][?OPTIONS]}; the {@code s3:} may be left out (as the blob
   * store provider receives it, {@code //BUCKET/...}).
   *
   * @throws StoreException naming the problem and the form, not retryable
   */
  public static S3Location parse(String location) {
    if (location == null || location.isBlank()) {
      throw problem("location is empty", null);
    }
    String spec = location.startsWith("s3:") ? location.substring(3) : location;
    if (!spec.startsWith("//")) {
      throw problem("location '" + location + "' does not start with s3://", null);
    }
    URI uri;
    try {
      uri = new URI("s3:" + spec);
    } catch (java.net.URISyntaxException e) {
      throw problem("location '" + location + "' is not a valid URL (" + e.getReason() + ")", e);
    }
    String bucket = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
    if (bucket == null || bucket.isEmpty()) {
      throw problem("location '" + location + "' has no bucket", null);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix = path.startsWith("/") ? path.substring(1) : path;
    prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    Map<String, String> options = query(uri.getRawQuery(), location);
    String endpointText = options.get("endpoint");
    URI endpoint = null;
    if (endpointText != null) {
      endpoint = URI.create(endpointText);
      if (endpoint.getHost() == null || !List.of("http", "https").contains(endpoint.getScheme())) {
        throw problem("option endpoint '" + endpointText + "' is not an http(s) URL with a host", null);
      }
    }
    String pathStyleText = options.getOrDefault("path-style", String.valueOf(endpoint != null));
    if (!pathStyleText.equals("true") && !pathStyleText.equals("false")) {
      throw problem("option path-style must be true or false: '" + pathStyleText + "'", null);
    }
    List<String> credentialsEnv = options.containsKey("credentials-env")
        ? List.of(options.get("credentials-env").split(",", -1)) : List.of();
    return new S3Location(bucket, prefix, options.get("region"), endpoint, Boolean.parseBoolean(pathStyleText),
        credentialsEnv);
  }

  private static Map<String, String> query(String raw, String location) {
    Map<String, String> options = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return options;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!OPTIONS.contains(key)) {
        throw problem("location '" + location + "' has unknown option '" + key + "' (valid: "
            + String.join(", ", OPTIONS) + ")", null);
      }
      options.put(key, value);
    }
    return options;
  }

  /** The S3 object key of a blob key. */
  String objectKey(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** The blob key of an S3 object key of this location. */
  String blobKey(String objectKey) {
    return prefix.isEmpty() ? objectKey : objectKey.substring(prefix.length() + 1);
  }

  /** {@code s3://bucket/prefix at endpoint}, for messages. */
  @Override
  public String toString() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix) + (endpoint != null ? " at " + endpoint : "");
  }

  private static StoreException problem(String message, Throwable cause) {
    return new StoreException("blob store 's3' " + message + "; use s3://BUCKET[/PREFIX][?region=R&endpoint=URL]",
        cause, false);
  }
}
