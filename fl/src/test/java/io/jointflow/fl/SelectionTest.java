package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reward policy learns to prefer cheaper-faster containers; the rigged profile makes the answer known. */
class SelectionTest {
  private static final List<ContainerType> TYPES = ContainerType.referenceTypes();

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"false, 0.65", "true, 0.6"})
  void thePolicyShiftsItsPicksToTheFastOwnersAsItObservesThem(boolean product, double bar) {
    // owners 0..2 take 0.01 per sample, owners 3..5 take 0.2: 20x slower at the same price
    double[] unit = {0.01, 0.01, 0.01, 0.2, 0.2, 0.2};
    RewardPolicy p = new RewardPolicy(c -> 4 + 100 * 0.03 / c.type().speed(), 4, 0, product, 0.1);
    List<Container> all = new ArrayList<>();
    for (int o = 0; o < 6; o++) {
      for (ContainerType t : TYPES) {
        all.add(new Container(o, t));
      }
    }
    Random rnd = new Random(5);
    double early = 0;
    double late = 0;
    for (int i = 0; i < 400; i++) {
      Container c = p.choose(all, 0.5, rnd);
      if (c.owner() < 3) {
        early += i < 6 ? 1 / 6.0 : 0;
        late += i >= 200 ? 1 / 200.0 : 0;
      }
      p.observe(c, 4 + 100 * unit[c.owner()] / c.type().speed(), true);
    }
    // before any observation every owner looks alike; afterwards the fast ones dominate
    assertThat(late).as("fast-owner share of picks 200..399 (first 6 picks: %s)", early).isGreaterThan(bar)
        .isGreaterThan(early);
  }

  @Test
  void advancedModelsGoToCheapContainersAndLaggingOnesToFastOnes() {
    RewardPolicy p = new RewardPolicy(c -> 4 + 100 * 0.03 / c.type().speed(), 4, 0, false, 0.1);
    List<Container> one = TYPES.stream().map(t -> new Container(0, t)).toList();
    double[] cheap = p.rewards(one, 0.0); // omega 0: only cost counts
    double[] fast = p.rewards(one, 1.0); // omega 1: only time counts
    assertThat(cheap[0]).isGreaterThan(cheap[2]); // small beats large on cost
    assertThat(fast[2]).isGreaterThan(fast[0]); // large beats small on time
  }

  @Test
  void inAFederatedRunTheFastOwnersGetMoreJobsThanUnderRandomChoice() {
    FlSetup s = Setups.digits(1, 6, 100, Setups.quick().budget(600).planetsPerDc(2).build())
        .withTimeUnits(new double[] {0.01, 0.01, 0.01, 0.3, 0.3, 0.3});
    Engine reward = new Engine(s, "nebulafl", p -> {});
    reward.run();
    Engine random = new Engine(s.withOptions(s.options().toBuilder().policy("random").build()), "nebulafl", p -> {});
    random.run();
    double rewardShare = fastShare(reward.jobsPerOwner());
    double randomShare = fastShare(random.jobsPerOwner());
    assertThat(rewardShare).as("fast owners share, reward %s vs random %s", rewardShare, randomShare)
        .isGreaterThan(0.6).isGreaterThan(randomShare + 0.05);
  }

  private static double fastShare(long[] jobs) {
    return (double) (jobs[0] + jobs[1] + jobs[2]) / java.util.Arrays.stream(jobs).sum();
  }
}
