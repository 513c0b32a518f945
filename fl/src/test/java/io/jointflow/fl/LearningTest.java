package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Learning happens: on the 8x8 digits (1,437 training, 360 held-out samples), 3 data centers x 5
 * owners, Dirichlet(0.5), 400 emulated time units, every method's held-out accuracy clears a bar
 * far above chance (10%), and a run is a function of its seed.
 */
class LearningTest {
  /** The bar NebulaFL must clear after the fixed budget (it reaches about 0.85 with seed 3). */
  static final double NEBULA_BAR = 0.75;
  /** The bar every baseline must clear after half that budget. */
  static final double BASELINE_BAR = 0.5;

  @Test
  void nebulaFlLearnsTheDigitsAboveTheBarAndRepeatsWithItsSeed() {
    FlSetup s = Setups.digits(3, 5, 0.5, Setups.quick().build());
    MethodResult a = Federation.run(s, List.of("nebulafl"), (m, p) -> {}).get(0);
    assertThat(a.curve().get(0).accuracy()).isLessThan(0.3);
    assertThat(a.last().accuracy()).as("held-out accuracy after 400 time units").isGreaterThan(NEBULA_BAR);
    assertThat(a.applied()).isEqualTo(a.jobs());
    MethodResult b = Federation.run(s, List.of("nebulafl"), (m, p) -> {}).get(0);
    assertThat(b.curve()).isEqualTo(a.curve());
  }

  @Test
  void everyBaselineLearnsOnTheSameEngineAndHubAndSpokeMovesMoreBytes() {
    FlSetup s = Setups.digits(3, 5, 0.5, Setups.quick().budget(200).build());
    List<MethodResult> rs = Federation.run(s, Federation.methods(), (m, p) -> {});
    assertThat(rs).extracting(MethodResult::method).containsExactlyElementsOf(Federation.methods());
    for (MethodResult r : rs) {
      assertThat(r.last().accuracy()).as(r.method()).isGreaterThan(BASELINE_BAR);
      assertThat(r.spanEgressBytes()).as(r.method() + ": the spans saw the cross-cloud traffic").isPositive();
    }
    long nebula = rs.get(0).last().crossCloudBytes();
    for (MethodResult r : rs.subList(1, rs.size())) {
      assertThat(r.last().crossCloudBytes()).as(r.method()).isGreaterThan(nebula);
    }
  }
}
