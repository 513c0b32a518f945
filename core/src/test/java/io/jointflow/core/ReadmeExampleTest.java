package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of the README, as written there. */
class ReadmeExampleTest {
  /** The README's handler. */
  public static class Shout implements Handler {
    @Override
    public Object handle(Call call) {
      return call.emit("loud", call.input().text().toUpperCase()); // into bucket "loud"
    }
  }

  @TempDir
  Path dir;

  @Test
  void theReadmeExampleRunsAsDocumented() {
    App app = App.builder("shout")
        .function("shout", new Shout(), "loud")
        .function("print", call -> call.input().text() + "!")
        .bucket("loud", b -> b.trigger("next", Trigger.immediate(), "print"))
        .build();
    try (Jointflow jf = Jointflow.builder().state("sqlite:" + dir.resolve("state.db")).build()) {
      jf.deploy(app);
      RunInfo done = jf.start("shout", Map.of("text", "hello")).await(Duration.ofMinutes(1));
      assertThat(done.resultText()).isEqualTo("HELLO!");
    }
  }
}
