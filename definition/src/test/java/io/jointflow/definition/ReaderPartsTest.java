package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.Trigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The small package-private parts, where their rules are easier to see than through a file. */
class ReaderPartsTest {
  @Test
  void durationsAcceptTheDocumentedFormsOnly() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("1500")).isEqualTo(Duration.ofMillis(1500));
    for (String bad : new String[] {"", "1.5s", "3 s", "3sec", "-3s", "1d", "s", "99999999999999999999"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void pathsThatAreNotWrittenFallBackToTheNearestWrittenElement() {
    PathIndex paths = new PathIndex(new Position(1, 1));
    paths.put("functions.a.b", new Position(3, 3));
    paths.put("functions.a.b.outputs", new Position(4, 5));
    paths.put("functions.a", new Position(9, 3));

    assertThat(paths.locate("functions.a.b.outputs")).isEqualTo(new Position(4, 5));
    assertThat(paths.locate("functions.a.b.timeout")).isEqualTo(new Position(3, 3));
    assertThat(paths.locate("functions.a.timeout")).isEqualTo(new Position(9, 3));
    assertThat(paths.locate("entry")).isEqualTo(new Position(1, 1));
  }

  @Test
  void everyTriggerTypeHasItsParameters() {
    assertThat(TriggerReader.PARAMETERS.keySet()).containsExactlyElementsOf(Trigger.TYPE_NAMES);
  }
}
