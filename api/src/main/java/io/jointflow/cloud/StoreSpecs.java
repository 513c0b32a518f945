package io.jointflow.cloud;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The spelling of state and blob store specs. Whether a store is installed is checked when a
 * deployment opens it (stores load through {@code ServiceLoader}); this only checks the form, so
 * a clouds file may name a store this build does not have yet.
 */
final class StoreSpecs {
  static final String STATE_FORMS =
      "memory, sqlite:PATH, redis://HOST:PORT, dynamodb:TABLE, postgres://HOST:PORT/DATABASE";
  static final String BLOB_FORMS = "filesystem:DIR, s3://BUCKET[/PREFIX], oss://BUCKET[/PREFIX]";

  private StoreSpecs() {}

  /** What is wrong with a state store spec, or {@code null}. */
  static String stateProblem(String spec) {
    if (spec == null || spec.isBlank()) {
      return "is empty (valid: " + STATE_FORMS + ")";
    }
    if (Secrets.hasPassword(spec) || Secrets.looksSecret(spec)) {
      return "carries credentials (" + Secrets.redact(spec) + "): " + Secrets.ADVICE;
    }
    if (spec.equals("memory")) {
      return null;
    }
    if (spec.startsWith("sqlite:")) {
      return spec.length() > "sqlite:".length() ? null : "needs a file: sqlite:PATH";
    }
    if (spec.startsWith("dynamodb:")) {
      return spec.length() > "dynamodb:".length() ? null : "needs a table: dynamodb:TABLE";
    }
    if (spec.startsWith("redis://") || spec.startsWith("rediss://")) {
      return hostProblem(spec, "redis://HOST:PORT");
    }
    if (spec.startsWith("postgres://") || spec.startsWith("postgresql://")) {
      return hostProblem(spec, "postgres://HOST:PORT/DATABASE");
    }
    return "is unknown (valid: " + STATE_FORMS + ")";
  }

  /** What is wrong with a blob store spec, or {@code null}. */
  static String blobsProblem(String spec) {
    if (spec == null || spec.isBlank()) {
      return "is empty (valid: " + BLOB_FORMS + ")";
    }
    if (Secrets.hasPassword(spec) || Secrets.looksSecret(spec)) {
      return "carries credentials (" + Secrets.redact(spec) + "): " + Secrets.ADVICE;
    }
    if (spec.startsWith("filesystem:")) {
      return spec.length() > "filesystem:".length() ? null : "needs a directory: filesystem:DIR";
    }
    if (spec.startsWith("s3://") || spec.startsWith("oss://")) {
      return hostProblem(spec, spec.substring(0, spec.indexOf(':')) + "://BUCKET[/PREFIX]");
    }
    return "is unknown (valid: " + BLOB_FORMS + ")";
  }

  private static String hostProblem(String spec, String form) {
    if (spec.endsWith("://")) {
      return "needs a host: " + form;
    }
    try {
      URI uri = new URI(spec);
      return uri.getHost() == null || uri.getHost().isEmpty() ? "needs a host: " + form : null;
    } catch (URISyntaxException e) {
      return "is not a valid URL (" + e.getReason() + "): use " + form;
    }
  }
}
