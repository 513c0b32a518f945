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

  @Test
  void aLargerLambdaInTheBudgetObjectiveShiftsPicksToCheaperTypes() {
    // rigged: three identical owners (100 samples at 0.03 per sample), the reference types small /
    // medium / large at speed 1/2/4 and rent 1/2.5/6: time 7 / 5.5 / 4.75, rent per job 7 / 13.75 / 28.5
    List<Container> all = new ArrayList<>();
    for (int o = 0; o < 3; o++) {
      for (ContainerType t : TYPES) {
        all.add(new Container(o, t));
      }
    }
    double[] lambdas = {0, 0.3, 3};
    int[][] counts = new int[lambdas.length][];
    for (int l = 0; l < lambdas.length; l++) {
      RewardPolicy p = new RewardPolicy(c -> 4 + 100 * 0.03 / c.type().speed(), 4, 0, false, 0.1, lambdas[l]);
      Random rnd = new Random(11);
      counts[l] = new int[TYPES.size()];
      for (int i = 0; i < 600; i++) {
        Container c = p.choose(all, 0.5, rnd); // an average planet: its lambda is lambda_cost itself
        counts[l][TYPES.indexOf(c.type())]++;
        p.observe(c, 4 + 100 * 0.03 / c.type().speed(), true);
      }
    }
    String shown = java.util.Arrays.deepToString(counts) + " picks of small/medium/large for lambda 0 / 0.3 / 3";
    // lambda 0 is time alone: the large type is picked most; lambda 3 is mostly rent: the small one
    assertThat(counts[0][2]).as(shown).isGreaterThan(counts[0][0]);
    assertThat(counts[2][0]).as(shown).isGreaterThan(counts[2][1]).isGreaterThan(counts[2][2]);
    for (int l = 1; l < lambdas.length; l++) {
      assertThat(counts[l][0]).as(shown).isGreaterThan(counts[l - 1][0] + 30);
      assertThat(counts[l][2]).as(shown).isLessThan(counts[l - 1][2] - 30);
    }
    // the rewards themselves, before any pick: the order of the types flips with lambda
    RewardPolicy fresh = new RewardPolicy(c -> 4 + 100 * 0.03 / c.type().speed(), 4, 0, false, 0.1, 0);
    double[] time = fresh.rewards(all.subList(0, 3), 0.5);
    assertThat(time[2]).isGreaterThan(time[1]).isGreaterThan(time[0]);
    RewardPolicy thrifty = new RewardPolicy(c -> 4 + 100 * 0.03 / c.type().speed(), 4, 0, false, 0.1, 3);
    double[] cost = thrifty.rewards(all.subList(0, 3), 0.5);
    assertThat(cost[0]).isGreaterThan(cost[1]).isGreaterThan(cost[2]);
  }

  @Test
  void inAFederatedRunALargerLambdaRentsTheSmallTypeMoreOften() {
    FlSetup s = Setups.digits(1, 6, 100, Setups.quick().budget(400).planetsPerDc(2).objective("budget").build());
    java.util.Map<String, Long> fast = new Engine(s.withOptions(s.options().toBuilder().lambdaCost(0).build()),
        "nebulafl", p -> {}).run().typeUse();
    java.util.Map<String, Long> thrifty = new Engine(s.withOptions(s.options().toBuilder().lambdaCost(5).build()),
        "nebulafl", p -> {}).run().typeUse();
    assertThat(smallShare(thrifty)).as("small-type share of jobs, lambda 5 %s vs lambda 0 %s", thrifty, fast)
        .isGreaterThan(smallShare(fast) + 0.15);
  }

  private static double smallShare(java.util.Map<String, Long> use) {
    return (double) use.getOrDefault("small", 0L) / use.values().stream().mapToLong(Long::longValue).sum();
  }

  private static double fastShare(long[] jobs) {
    return (double) (jobs[0] + jobs[1] + jobs[2]) / java.util.Arrays.stream(jobs).sum();
  }
}
