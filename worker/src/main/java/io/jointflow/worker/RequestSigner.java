package io.jointflow.worker;

import io.jointflow.function.JointflowException;
import io.jointflow.spi.Environment;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests between hosts and verifies them (HMAC-SHA256 over method, path, timestamp, nonce
 * and the SHA-256 of the body; see {@code docs/worker-protocol.md}).
 *
 * <p>Verification accepts a request only if it is signed with the shared key, its timestamp is
 * within the replay window of this host's clock (either side), and its nonce was not seen within the
 * window. Signatures are compared in constant time. Time comes from the {@link Environment}; nonces
 * come from a {@link SecureRandom} (they must be unpredictable and never repeat, so they are not
 * drawn from the environment's reproducible generator). Thread safe.
 */
public final class RequestSigner {
  /** Milliseconds since the epoch at which the request was signed. */
  public static final String TIMESTAMP_HEADER = "X-Jointflow-Timestamp";
  /** A random string, unique per request. */
  public static final String NONCE_HEADER = "X-Jointflow-Nonce";
  /** Lowercase hex HMAC-SHA256 of the signature base string. */
  public static final String SIGNATURE_HEADER = "X-Jointflow-Signature";
  /** First line of the signature base string; names the scheme so that a later one cannot be confused with it. */
  static final String SCHEME = "JF1-HMAC-SHA256";
  /** The replay window unless configured otherwise. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);
  /** How many nonces are remembered at most unless configured otherwise. */
  public static final int DEFAULT_MAX_NONCES = 250_000;

  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,18}");
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final Environment env;
  private final long windowMillis;
  private final NonceCache nonces;
  private final SecureRandom random = new SecureRandom();

  /** The outcome of {@link #verify}; {@link #reason()} is the stable name used in responses and metrics. */
  public enum Verdict {
    /** Signed with the key, fresh, not seen before. */
    VALID("valid"),
    /** A signature header is missing. */
    UNSIGNED("unsigned"),
    /** The timestamp or nonce header is not well formed. */
    MALFORMED("malformed-signature"),
    /** The timestamp is outside the replay window. */
    STALE("stale"),
    /** The signature does not match: another key, or the method, path or body were changed. */
    BAD_SIGNATURE("bad-signature"),
    /** The nonce was already used within the replay window. */
    REPLAYED("replayed"),
    /** The nonce cache is full of nonces still needed; try again (another host, or later). */
    REPLAY_CACHE_FULL("replay-cache-full");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    /** Kebab-case name of the verdict. */
    public String reason() {
      return reason;
    }
  }

  private RequestSigner(SigningKey key, Environment env, Duration replayWindow, int maxNonces) {
    Objects.requireNonNull(key, "key");
    this.env = Objects.requireNonNull(env, "env");
    Objects.requireNonNull(replayWindow, "replayWindow");
    if (replayWindow.isNegative() || replayWindow.isZero()) {
      throw new JointflowException("signer option 'replay-window' must be positive: " + replayWindow);
    }
    if (maxNonces < 1) {
      throw new JointflowException("signer option 'max-nonces' must be at least 1: " + maxNonces);
    }
    this.key = new SecretKeySpec(key.bytes(), "HmacSHA256");
    this.windowMillis = replayWindow.toMillis();
    this.nonces = new NonceCache(maxNonces);
  }

  /** A signer with the default replay window and nonce cache size. */
  public static RequestSigner create(SigningKey key, Environment env) {
    return create(key, env, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_NONCES);
  }

  /**
   * A signer.
   *
   * @param replayWindow how far a request's timestamp may be from this host's clock (either side);
   *     nonces are remembered that long
   * @param maxNonces the most nonces remembered; size it above the requests this host accepts in
   *     one window, since a full cache refuses requests (see {@link Verdict#REPLAY_CACHE_FULL})
   * @throws JointflowException if the window is not positive or {@code maxNonces} is below 1
   */
  public static RequestSigner create(SigningKey key, Environment env, Duration replayWindow, int maxNonces) {
    return new RequestSigner(key, env, replayWindow, maxNonces);
  }

  /**
   * The headers that sign one request: {@link #TIMESTAMP_HEADER}, {@link #NONCE_HEADER} and {@link
   * #SIGNATURE_HEADER}. Sign every attempt anew: a nonce is accepted once.
   *
   * @param method the HTTP method, e.g. {@code POST}
   * @param target the raw path (and {@code ?query}, if any) exactly as the receiver will see it
   * @param body the request body (empty for none)
   */
  public Map<String, String> sign(String method, String target, byte[] body) {
    String timestamp = Long.toString(env.currentTimeMillis());
    byte[] n = new byte[16];
    random.nextBytes(n);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
    return Map.of(TIMESTAMP_HEADER, timestamp, NONCE_HEADER, nonce,
        SIGNATURE_HEADER, HEX.formatHex(mac(baseString(method, target, timestamp, nonce, body))));
  }

  /**
   * Checks one received request; a {@link Verdict#VALID} request's nonce is remembered, so the same
   * request verified again is {@link Verdict#REPLAYED}.
   *
   * @param header the request's header values by name (null if absent)
   */
  public Verdict verify(String method, String target, UnaryOperator<String> header, byte[] body) {
    String timestamp = header.apply(TIMESTAMP_HEADER);
    String nonce = header.apply(NONCE_HEADER);
    String signature = header.apply(SIGNATURE_HEADER);
    if (timestamp == null || nonce == null || signature == null) {
      return Verdict.UNSIGNED;
    }
    if (!TIMESTAMP.matcher(timestamp).matches() || !NONCE.matcher(nonce).matches()) {
      return Verdict.MALFORMED;
    }
    long signedAt = Long.parseLong(timestamp);
    long now = env.currentTimeMillis();
    if (Math.abs(now - signedAt) > windowMillis) {
      return Verdict.STALE;
    }
    byte[] expected = HEX.formatHex(mac(baseString(method, target, timestamp, nonce, body)))
        .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.BAD_SIGNATURE;
    }
    return switch (nonces.remember(nonce, signedAt + windowMillis, now)) {
      case NEW -> Verdict.VALID;
      case SEEN -> Verdict.REPLAYED;
      case FULL -> Verdict.REPLAY_CACHE_FULL;
    };
  }

  /** The replay window in milliseconds. */
  long windowMillis() {
    return windowMillis;
  }

  Environment environment() {
    return env;
  }

  /** The string that is signed: scheme, method, target, timestamp, nonce and body hash, one per line. */
  static String baseString(String method, String target, String timestamp, String nonce, byte[] body) {
    return SCHEME + "\n" + method + "\n" + target + "\n" + timestamp + "\n" + nonce + "\n"
        + HEX.formatHex(sha256(body));
  }

  private byte[] mac(String base) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(base.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
