package io.jointflow.cluster;

import io.jointflow.function.JointflowException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link Gateway} listens and who may use it.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default (a public address only behind TLS)
 * @param port the port to bind; 0 picks a free one
 * @param token the bearer token every {@code /v1} request must carry, at least 16 characters
 * @param maxWait the longest a client may wait for a run in one request ({@code ?wait=})
 */
public record GatewayOptions(String host, int port, String token, Duration maxWait) {
  /** Shortest token accepted. */
  public static final int MIN_TOKEN_CHARS = 16;

  public GatewayOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(maxWait, "maxWait");
    if (port < 0 || port > 65535) {
      throw new JointflowException("gateway port must be between 0 and 65535: " + port);
    }
    if (token.length() < MIN_TOKEN_CHARS) {
      throw new JointflowException("gateway token is too short: " + token.length() + " characters, at least "
          + MIN_TOKEN_CHARS + " are needed (generate one with: openssl rand -hex 24)");
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new JointflowException("gateway max-wait must be positive: " + maxWait);
    }
  }

  /** Loopback, a free port, 30 s waits. */
  public static GatewayOptions of(String token) {
    return new GatewayOptions("127.0.0.1", 0, token, Duration.ofSeconds(30));
  }

  /** A copy on another port. */
  public GatewayOptions withPort(int p) {
    return new GatewayOptions(host, p, token, maxWait);
  }

  @Override
  public String toString() {
    return "GatewayOptions[host=" + host + ", port=" + port + ", token=***, maxWait=" + maxWait + "]";
  }
}
