package io.jointflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Locations, options and key ranges: parsed and checked without a server; no message shows a password. */
class RedisLocationTest {

  @Test
  void parsesEveryForm() {
    assertThat(RedisLocation.parse("redis://127.0.0.1:6380"))
        .isEqualTo(new RedisLocation("127.0.0.1", 6380, 0, null, null, null));
    assertThat(RedisLocation.parse("//cache.internal/3"))
        .isEqualTo(new RedisLocation("cache.internal", 6379, 3, null, null, null));
    assertThat(RedisLocation.parse("redis://:p%40ss+w@h:1/"))
        .isEqualTo(new RedisLocation("h", 1, 0, null, "p@ss+w", null));
    assertThat(RedisLocation.parse("redis://app:pw@h:1/2?prefix=app1%3A"))
        .isEqualTo(new RedisLocation("h", 1, 2, "app", "pw", "app1:"));
    assertThat(RedisLocation.parse("redis://[::1]:7000").endpoint()).isEqualTo("redis://[::1]:7000/0");
  }

  @Test
  void neverShowsThePassword() {
    RedisLocation l = RedisLocation.parse("redis://:hunter2@h:1");
    assertThat(l.toString()).doesNotContain("hunter2").contains("with a password");
    assertThat(l.endpoint()).isEqualTo("redis://h:1/0");
    assertThat(RedisLocation.redact("redis://:hunter2@h:1/0")).isEqualTo("redis://:***@h:1/0");
    assertThat(RedisLocation.redact("--state redis://u:a@b@h:1")).isEqualTo("--state redis://u:***@h:1");
    assertThatThrownBy(() -> RedisLocation.parse("redis://:hunter2@h:1/x"))
        .isInstanceOf(StoreException.class)
        .hasMessage("state store 'redis' location has a database that is not a number: 'x';"
            + " use redis://HOST:PORT[/DB] (or redis://:PASSWORD@HOST:PORT[/DB][?prefix=P]): 'redis://:***@h:1/x'");
    assertThatThrownBy(() -> RedisLocation.parse("redis://:hunter2@h:1?db=2"))
        .hasMessage("state store 'redis' location has an unknown parameter: 'db' (known: prefix=KEY_PREFIX): 'redis://:***@h:1?db=2'");
  }

  @Test
  void rejectsWhatIsNotARedisLocation() {
    assertThatThrownBy(() -> RedisLocation.parse(" "))
        .hasMessage("state store 'redis' needs a server: ''; use --state redis://HOST:PORT");
    assertThatThrownBy(() -> RedisLocation.parse("127.0.0.1:6379"))
        .hasMessageStartingWith("state store 'redis' location is not redis://HOST:PORT[/DB]");
    assertThatThrownBy(() -> RedisLocation.parse("redis://:6379")).hasMessageContaining("names no host");
    assertThatThrownBy(() -> RedisLocation.parse("redis://user@h:1")).hasMessageContaining("user info without a password");
    assertThatThrownBy(() -> RedisLocation.parse("redis://h:1#x")).hasMessageContaining("has a fragment");
    assertThatThrownBy(() -> RedisLocation.parse("redis://h:1/-1")).hasMessageContaining("database that is not a number");
    assertThat(RedisLocation.parse("redis://h:1").prefix()).isNull();
  }

  @Test
  void optionsAreValidatedAndHideThePassword() {
    RedisOptions o = RedisOptions.builder().password("hunter2").keyPrefix("app:").commandTimeout(Duration.ofSeconds(5)).build();
    assertThat(o.toString()).doesNotContain("hunter2").contains("password=***").contains("keyPrefix='app:'");
    assertThat(RedisOptions.defaults().toString()).contains("password=none");
    assertThatThrownBy(() -> RedisOptions.builder().commandTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redis option 'command-timeout' must be above 0 and at most a day: PT0S");
    assertThatThrownBy(() -> RedisOptions.builder().connectTimeout(Duration.ofDays(2)).build())
        .hasMessage("redis option 'connect-timeout' must be above 0 and at most a day: PT48H");
    assertThatThrownBy(() -> RedisOptions.builder().keyPrefix(null).build()).isInstanceOf(NullPointerException.class);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void keyRangesUseTheUtf8BytesAndAnUpperBoundNoKeyReaches() {
    KeyRange run = KeyRange.of("run1/", null);
    assertThat(text(run.min())).isEqualTo("[run1/");
    assertThat(run.max()).containsExactly('(', 'r', 'u', 'n', '1', '/', 0xFF);

    KeyRange all = KeyRange.of("", null);
    assertThat(text(all.min())).isEqualTo("[");
    assertThat(text(all.max())).isEqualTo("+");

    assertThat(text(KeyRange.of("k/", "k/2").min())).as("after a key in the range").isEqualTo("(k/2");
    assertThat(text(KeyRange.of("k/", "a").min())).as("after a key before the prefix").isEqualTo("[k/");
    assertThat(text(KeyRange.of("k/", "z").min())).as("after the range: empty").isEqualTo("(z");
    // Byte order, not UTF-16 order: U+FFFD (EF BF BD) sorts before an emoji (F0 ...).
    assertThat(text(KeyRange.of("", "\uFFFD").min())).isEqualTo("(" + text("\uFFFD".getBytes(StandardCharsets.UTF_8)));
    assertThat(text(KeyRange.of("\uFFFD", "😀").min())).isEqualTo("(" + text("😀".getBytes(StandardCharsets.UTF_8)));
  }
}
