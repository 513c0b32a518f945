package io.jointflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.function.JointflowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys are at least 32 bytes, come from configuration or a named variable, and never show. */
class SigningKeyTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void aKeyShorterThan32BytesIsRejectedWithItsLength() {
    assertThatThrownBy(() -> SigningKey.of("too short"))
        .isInstanceOf(JointflowException.class)
        .hasMessageContaining("signing key is too short: 9 bytes (at least 32");
    assertThat(SigningKey.of(SECRET)).hasToString("SigningKey[32 bytes]");
  }

  @Test
  void lengthCountsUtf8Bytes() {
    String eightEmoji = "\uD83D\uDE00".repeat(8); // 8 code points, 32 bytes
    assertThat(SigningKey.of(eightEmoji)).hasToString("SigningKey[32 bytes]");
  }

  @Test
  void theKeyComesFromTheNamedEnvironmentVariable() {
    Map<String, String> env = Map.of("MY_KEY", SECRET, "SHORT", "abc");
    assertThat(SigningKey.fromEnvironment("MY_KEY", env::get)).hasToString("SigningKey[32 bytes]");
    assertThatThrownBy(() -> SigningKey.fromEnvironment("MISSING", env::get))
        .hasMessage("environment variable 'MISSING' is not set: it must hold the signing key shared by the hosts (at least 32 bytes)");
    assertThatThrownBy(() -> SigningKey.fromEnvironment("SHORT", env::get))
        .hasMessageStartingWith("environment variable 'SHORT': signing key is too short: 3 bytes")
        .hasMessageNotContaining("abc");
  }

  @Test
  void theKeyNeverAppearsInItsStringForm() {
    assertThat(SigningKey.of(SECRET).toString()).doesNotContain("0123");
  }
}
