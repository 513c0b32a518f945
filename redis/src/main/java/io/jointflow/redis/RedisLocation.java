package io.jointflow.redis;

import io.jointflow.spi.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a Redis state store lives, parsed from {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?prefix=P]}
 * (or the same without {@code redis:}, as {@code --state redis://...} hands it to the provider).
 * {@link #toString()} and {@link #endpoint()} never show the password.
 *
 * @param host the server's host name or address
 * @param port its port (6379 if not given)
 * @param database the database number (0 if not given)
 * @param username the ACL user, or {@code null} for the default user
 * @param password the password, or {@code null} if the location has none
 * @param prefix the key prefix from {@code ?prefix=}, or {@code null} if not given
 */
record RedisLocation(String host, int port, int database, String username, String password, String prefix) {
  static final int DEFAULT_PORT = 6379;
  private static final String FORM = "redis://HOST:PORT[/DB] (or redis://:PASSWORD@HOST:PORT[/DB][?prefix=P])";

  /**
   * Parses a location.
   *
   * @throws StoreException (not retryable) naming the problem; the message shows no password
   */
  static RedisLocation parse(String location) {
    String text = location == null ? "" : location.strip();
    if (text.isEmpty()) {
      throw new StoreException("state store 'redis' needs a server: '" + text + "'; use --state redis://HOST:PORT", null, false);
    }
    if (text.startsWith("//")) {
      text = "redis:" + text;
    }
    if (!text.startsWith("redis://")) {
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
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    int database = database(location, uri.getPath());
    String username = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String info = uri.getRawUserInfo();
      int colon = info.indexOf(':');
      if (colon < 0) {
        throw bad(location, "has user info without a password; use redis://:PASSWORD@HOST:PORT or redis://USER:PASSWORD@HOST:PORT");
      }
      username = colon == 0 ? null : decode(info.substring(0, colon));
      password = decode(info.substring(colon + 1));
    }
    return new RedisLocation(uri.getHost(), port, database, username, password, prefix(location, uri.getRawQuery()));
  }

  private static int database(String location, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    String number = path.substring(1);
    if (!number.matches("[0-9]{1,9}")) {
      throw bad(location, "has a database that is not a number: '" + number + "'; use " + FORM);
    }
    return Integer.parseInt(number);
  }

  private static String prefix(String location, String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    String prefix = null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!name.equals("prefix") || eq < 0) {
        throw bad(location, "has an unknown parameter: '" + decode(name) + "' (known: prefix=KEY_PREFIX)");
      }
      prefix = decode(pair.substring(eq + 1));
    }
    return prefix;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static StoreException bad(String location, String problem) {
    return new StoreException("state store 'redis' location " + problem + ": '" + redact(location) + "'", null, false);
  }

  /** {@code text} with the password of any {@code scheme://user:password@} replaced by {@code ***}. */
  static String redact(String text) {
    return text == null ? null : text.replaceAll("//([^/@:]*):.*@", "//$1:***@");
  }

  /** {@code redis://HOST:PORT/DB}, without credentials: how messages name the store. */
  String endpoint() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "redis://" + h + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return endpoint() + (password == null ? "" : " (with a password)") + (prefix == null ? "" : " prefix '" + prefix + "'");
  }
}
