package io.jointflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warm-up and measurement by counts of completions, with made-up completion times. */
class CompletionsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void warmUpIsTheFirstCompletionsAndEachPartHasTheSameCount() {
    List<String> events = new ArrayList<>();
    Completions c = new Completions(2, 3, 2, () -> events.add("warm"), () -> events.add("measured"));
    long[] endedAt = {1, 2, 3, 4, 6, 8, 9, 10, 11}; // seconds; the second part is slower
    for (int i = 0; i < endedAt.length; i++) {
      c.add(endedAt[i] * SECOND, (i + 1) * 100L);
      if (i == 1) {
        assertThat(events).containsExactly("warm");
      }
      assertThat(c.done()).as("done after %d", i + 1).isEqualTo(i + 1 >= 8);
    }

    assertThat(events).containsExactly("warm", "measured");
    assertThat(c.count()).isEqualTo(9);
    assertThat(c.measured()).isEqualTo(6);
    assertThat(c.partRates(10)).containsExactly(10.0, 5.0, 10.0);
    assertThat(c.measuredSeconds()).isEqualTo(8.0);
    assertThat(c.latencies().sorted()).containsExactly(300, 400, 500, 600, 700, 800);
  }

  @Test
  void resultsAreRefusedBeforeEveryMeasuredRunCompleted() {
    Completions c = new Completions(1, 3, 1, () -> { }, () -> { });
    c.add(SECOND, 1);
    c.add(2 * SECOND, 1);
    assertThat(c.done()).isFalse();
    assertThatThrownBy(() -> c.partRates(1)).hasMessage("only 2 of 4 runs completed");
  }

  @Test
  void countsBelowOneAreRejected() {
    assertThatThrownBy(() -> new Completions(0, 3, 1, () -> { }, () -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmup 0");
  }
}
