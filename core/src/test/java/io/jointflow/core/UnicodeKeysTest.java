package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key limits count characters (code points): a key of 512 emoji travels through every store. */
class UnicodeKeysTest {
  private static final String EMOJI = "\uD83D\uDE00";

  @TempDir
  Path dir;

  private static App app(Mode mode, String key) {
    return App.builder("emoji").mode(mode)
        .function("emit", c -> {
          c.emit("items", c.input().text().equals("long") ? key : key + EMOJI, "v");
          c.emit("items", "other", "w");
          return null;
        }, "items")
        .function("join", c -> c.inputs().get(0).key().codePointCount(0, c.inputs().get(0).key().length()))
        .bucket("items", b -> b.trigger("t", Trigger.bySet(key, "other"), "join"))
        .build();
  }

  @ParameterizedTest
  @CsvSource({"EXACTLY_ONCE, sqlite", "EXACTLY_ONCE, memory", "EPHEMERAL, memory"})
  void aKeyOf512EmojiIsAcceptedAndOneMoreIsNot(Mode mode, String store) {
    String key = EMOJI.repeat(512);
    String state = store.equals("sqlite") ? "sqlite:" + dir.resolve("state.db") : "memory";
    try (Jointflow jf = Jointflow.builder().state(state).build()) {
      jf.deploy(app(mode, key));
      RunInfo ok = jf.start("emoji", Map.of("in", "long")).await(Duration.ofSeconds(30));
      assertThat(ok.status()).as(ok.failure()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(ok.resultText()).isEqualTo("512");
      RunInfo tooLong = jf.start("emoji", Map.of("in", "longer")).await(Duration.ofSeconds(30));
      assertThat(tooLong.status()).isEqualTo(RunStatus.FAILED);
      assertThat(tooLong.failure()).contains("function 'emit': object key '" + EMOJI.repeat(40)
          + "...' is too long: 513 characters (at most 512)");
    }
  }
}
