package io.jointflow.postgres;

import io.jointflow.spi.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a PostgreSQL state store lives, parsed from {@code
 * postgres://HOST[:PORT]/DATABASE[?user=USER][&schema=SCHEMA]} (also {@code postgresql://}, or the
 * same without the scheme, as {@code --state postgres://...} hands it to the provider). A location
 * never carries a password: it comes from the environment or the options.
 *
 * @param host the server's host name or address
 * @param port its port (5432 if not given)
 * @param database the database
 * @param user the user, or {@code null} for the driver's default (the operating system user)
 * @param schema the schema from {@code ?schema=}, or {@code null} if not given
 */
record PostgresLocation(String host, int port, String database, String user, String schema) {
  static final int DEFAULT_PORT = 5432;
  private static final String FORM = "postgres://HOST:PORT/DATABASE?user=USER[&schema=SCHEMA]";

  /**
   * Parses a location.
   *
   * @throws StoreException (not retryable) naming the problem; the message shows no password
   */
  static PostgresLocation parse(String location) {
    String text = location == null ? "" : location.strip();
    if (text.isEmpty()) {
      throw new StoreException("state store 'postgres' needs a server: '" + text + "'; use --state " + FORM, null, false);
    }
    if (text.startsWith("//")) {
      text = "postgres:" + text;
    }
    if (text.startsWith("postgresql://")) {
      text = "postgres://" + text.substring("postgresql://".length());
    }
    if (!text.startsWith("postgres://")) {
      throw bad(location, "is not " + FORM);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw bad(location, "is not a valid URI (" + redact(e.getReason()) + "); use " + FORM);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw bad(location, "names no host; use " + FORM);
    }
    if (uri.getRawFragment() != null) {
      throw bad(location, "has a fragment ('#...'); use " + FORM);
    }
    String user = null;
    if (uri.getRawUserInfo() != null) {
      if (uri.getRawUserInfo().contains(":")) {
        throw bad(location, "carries a password; give it in " + PostgresStateStoreProvider.PASSWORD_VARIABLE
            + " or PGPASSWORD instead, and the user as ?user=USER");
      }
      user = decode(uri.getRawUserInfo());
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.length() <= 1 || path.indexOf('/', 1) >= 0) {
      throw bad(location, "names no database (or more than one path segment); use " + FORM);
    }
    String schema = null;
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : decode(pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        switch (name) {
          case "user" -> user = value;
          case "schema" -> schema = value;
          case "password" -> throw bad(location, "carries a password; give it in "
              + PostgresStateStoreProvider.PASSWORD_VARIABLE + " or PGPASSWORD instead");
          default -> throw bad(location, "has an unknown parameter: '" + name + "' (known: user, schema)");
        }
        if (value.isEmpty()) {
          throw bad(location, "has an empty parameter: '" + name + "'");
        }
      }
    }
    if (schema != null && !PostgresOptions.isSchemaName(schema)) {
      throw bad(location, "has a schema that is not a plain lower-case SQL name: '" + schema + "' (letters, digits, _)");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return new PostgresLocation(uri.getHost(), port, decode(path.substring(1)), user, schema);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static StoreException bad(String location, String problem) {
    return new StoreException("state store 'postgres' location " + problem + ": '" + redact(location) + "'", null, false);
  }

  /** {@code text} with the password of any {@code scheme://user:password@} or {@code password=} replaced by {@code ***}. */
  static String redact(String text) {
    return text == null ? null
        : text.replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@").replaceAll("(?i)password=[^&]*", "password=***");
  }

  /** {@code jdbc:postgresql://HOST:PORT/DATABASE}. */
  String jdbcUrl() {
    return "jdbc:postgresql://" + bracketed() + ":" + port + "/" + URLEncoderSafe.encode(database);
  }

  /** {@code postgres://HOST:PORT/DATABASE}, without user and password: how messages name the store. */
  String endpoint() {
    return "postgres://" + bracketed() + ":" + port + "/" + database;
  }

  private String bracketed() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return endpoint() + (user == null ? "" : " as '" + user + "'") + (schema == null ? "" : " schema '" + schema + "'");
  }

  /** Percent-encodes a database name for the JDBC URL. */
  private static final class URLEncoderSafe {
    static String encode(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
