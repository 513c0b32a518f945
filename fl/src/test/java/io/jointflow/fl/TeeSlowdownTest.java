package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The TEE's fixed slowdown (reference B1): training inside the attested containers takes that much longer. */
class TeeSlowdownTest {
  @Test
  void aSlowdownStretchesTrainingButNotCommunication() {
    FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().build());
    Engine plain = new Engine(s, "fedavg", p -> {});
    Engine tee = new Engine(Setups.digits(2, 4, 0.5, Setups.quick().teeSlowdown(2).build()), "fedavg", p -> {});
    Container c = new Container(s.owners(0).get(0), s.types().get(0).get(0)); // data center 0's first owner and type
    Container same = new Container(c.owner(), c.type());
    double comm = plain.options().comm();

    assertThat(tee.priorTime(same, 0, 0) - comm).isCloseTo(2 * (plain.priorTime(c, 0, 0) - comm), within(1e-9));
  }

  @Test
  void aSlowdownBelowOneIsRefused() {
    assertThatThrownBy(() -> Setups.quick().teeSlowdown(0.5).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tee-slowdown >= 1");
  }
}
