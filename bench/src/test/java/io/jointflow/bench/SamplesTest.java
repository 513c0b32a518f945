package io.jointflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void nearestRankPercentiles() {
    long[] v = new long[200];
    for (int i = 0; i < v.length; i++) {
      v[i] = 200 - i; // 200..1, unsorted on purpose
    }
    Samples s = Samples.of(v);
    assertThat(s.median()).isEqualTo(100);
    assertThat(s.p99()).isEqualTo(198);
    assertThat(s.max()).isEqualTo(200);
  }

  @Test
  void p99OfFewSamplesIsTheMaximum() {
    Samples s = Samples.of(new long[] {5, 1, 3});
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.p99()).isEqualTo(5);
  }

  @Test
  void emptySamplesAreRejected() {
    assertThatThrownBy(() -> Samples.of(new long[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void targetsSayByHowMuchTheyAreMissed() {
    assertThat(Target.atMost("ephemeral", "hop p50", Unit.MICROS, 10, 20).verdict()).isEqualTo("met (2.0x headroom)");
    assertThat(Target.atMost("exactly-once", "hop p50", Unit.MILLIS, 1.5, 1).verdict())
        .isEqualTo("MISSED by 0.50 ms (1.5x over)");
    assertThat(Target.atLeast("exactly-once", "steps/s", Unit.PER_SECOND, 1000, 2000).verdict())
        .isEqualTo("MISSED by 1,000/s (2.0x short)");
    assertThat(Target.atMost("exactly-once", "cross-cloud calls", Unit.COUNT, 0, 1).verdict()).isEqualTo("met");
  }
}
