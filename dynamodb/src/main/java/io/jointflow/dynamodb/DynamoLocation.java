package io.jointflow.dynamodb;

import io.jointflow.spi.StoreException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a DynamoDB state store lives, parsed from {@code
 * dynamodb://TABLE[?region=REGION][&endpoint=URL][&namespace=NS]} (or the same without {@code
 * dynamodb:}, as {@code --state dynamodb://...} hands it to the provider, or without {@code //}, as
 * {@code state: dynamodb:TABLE} in a clouds file). Credentials never appear
 * in a location: they come from the AWS SDK's default chain (environment variables first).
 *
 * @param table the table name
 * @param region the AWS region, or {@code null} for the SDK's default ({@code AWS_REGION})
 * @param endpoint the endpoint URL (a DynamoDB-compatible server), or {@code null} for AWS's
 * @param namespace the namespace, or {@code null} for the options' (stores with different
 *     namespaces share a table and see nothing of each other)
 */
record DynamoLocation(String table, String region, String endpoint, String namespace) {
  private static final String FORM = "dynamodb://TABLE[?region=REGION][&endpoint=URL][&namespace=NS]";

  /**
   * Parses a location.
   *
   * @throws StoreException (not retryable) naming the problem
   */
  static DynamoLocation parse(String location) {
    String text = location == null ? "" : location.strip();
    if (text.isEmpty()) {
      throw new StoreException("state store 'dynamodb' needs a table: '" + text + "'; use --state " + FORM, null, false);
    }
    if (text.startsWith("//")) {
      text = "dynamodb:" + text;
    } else if (!text.contains("://")) {
      text = "dynamodb://" + text; // dynamodb:TABLE, the clouds file's short form
    }
    if (!text.startsWith("dynamodb://")) {
      throw bad(location, "is not " + FORM);
    }
    String rest = text.substring("dynamodb://".length());
    int q = rest.indexOf('?');
    String table = q < 0 ? rest : rest.substring(0, q);
    if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw bad(location, "names no valid table (3 to 255 of A-Z a-z 0-9 _ . -): '" + table + "'; use " + FORM);
    }
    String region = null;
    String endpoint = null;
    String namespace = null;
    if (q >= 0 && q + 1 < rest.length()) {
      for (String pair : rest.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        switch (name) {
          case "region" -> region = value;
          case "endpoint" -> endpoint = checkEndpoint(location, value);
          case "namespace" -> namespace = value;
          default -> throw bad(location, "has an unknown parameter: '" + name + "' (known: region, endpoint, namespace)");
        }
      }
    }
    return new DynamoLocation(table, empty(region), endpoint, empty(namespace));
  }

  private static String empty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String checkEndpoint(String location, String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
        throw bad(location, "has an endpoint that is not http(s)://HOST[:PORT]: '" + value + "'");
      }
      if (uri.getRawUserInfo() != null) {
        throw bad(location, "has credentials in its endpoint; give them in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
      }
      return value;
    } catch (java.net.URISyntaxException e) {
      throw bad(location, "has an endpoint that is not a URL (" + e.getReason() + "): '" + value + "'");
    }
  }

  private static StoreException bad(String location, String problem) {
    return new StoreException("state store 'dynamodb' location " + problem + ": '" + location + "'", null, false);
  }

  /** How messages name the store: {@code dynamodb://TABLE (REGION, ENDPOINT)}. */
  String describe(String effectiveRegion) {
    return "dynamodb://" + table + " (" + effectiveRegion + ", " + (endpoint == null ? "AWS endpoint" : endpoint) + ")";
  }
}
