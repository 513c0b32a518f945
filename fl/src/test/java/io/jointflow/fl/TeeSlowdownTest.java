package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The TEE's fixed slowdown (reference B1): training inside the attested containers takes that much longer. */
class TeeSlowdownTest {
  @Test
  void aSlowdownStretchesTrainingButNotCommunication() {
    Engine plain = new Engine(Setups.digits(2, 4, 0.5, Setups.quick().build()), "fedavg", p -> {});
    Engine tee = new Engine(Setups.digits(2, 4, 0.5, Setups.quick().teeSlowdown(2).build()), "fedavg", p -> {});
    Container c = plain.idle(0).get(0);
    Container same = tee.idle(0).get(0);
    double comm = plain.options().comm();

    assertThat(tee.priorTime(same, 0, 0) - comm).isCloseTo(2 * (plain.priorTime(c, 0, 0) - comm), within(1e-9));
  }

  @Test
  void aSlowdownBelowOneIsRefused() {
    assertThatThrownBy(() -> Setups.quick().teeSlowdown(0.5).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tee-slowdown >= 1");
  }
}
