package io.jointflow.worker;

import io.jointflow.function.JointflowException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The secret that the hosts of one deployment share to sign requests to each other (HMAC-SHA256).
 * At least {@value #MIN_BYTES} bytes; it comes from configuration or an environment variable, never
 * from an app file. {@link #toString()} does not reveal it.
 */
public final class SigningKey {
  /** The shortest key accepted, in bytes (the output size of SHA-256). */
  public static final int MIN_BYTES = 32;

  private final byte[] bytes;

  private SigningKey(byte[] bytes) {
    if (bytes.length < MIN_BYTES) {
      throw new JointflowException("signing key is too short: " + bytes.length + " bytes (at least "
          + MIN_BYTES + "; generate one with e.g. 'openssl rand -base64 32')");
    }
    this.bytes = bytes.clone();
  }

  /**
   * A key of these bytes.
   *
   * @throws JointflowException if it is shorter than {@value #MIN_BYTES} bytes
   */
  public static SigningKey of(byte[] bytes) {
    return new SigningKey(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * A key whose bytes are the UTF-8 encoding of {@code secret}, as read from configuration.
   *
   * @throws JointflowException if that is shorter than {@value #MIN_BYTES} bytes
   */
  public static SigningKey of(String secret) {
    return of(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key held by environment variable {@code variable} (UTF-8).
   *
   * @throws JointflowException if the variable is not set, is empty or holds a key that is too short
   */
  public static SigningKey fromEnvironment(String variable) {
    return fromEnvironment(variable, System::getenv);
  }

  /** As {@link #fromEnvironment(String)}, reading variables from {@code env} (for tests). */
  static SigningKey fromEnvironment(String variable, UnaryOperator<String> env) {
    String value = env.apply(Objects.requireNonNull(variable, "variable"));
    if (value == null || value.isEmpty()) {
      throw new JointflowException("environment variable '" + variable + "' is not set: it must hold "
          + "the signing key shared by the hosts (at least " + MIN_BYTES + " bytes)");
    }
    try {
      return of(value);
    } catch (JointflowException e) {
      throw new JointflowException("environment variable '" + variable + "': " + e.getMessage());
    }
  }

  /** The key bytes; callers must not modify them. */
  byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "SigningKey[" + bytes.length + " bytes]";
  }
}
