package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each agent draws from its own random source, stored with it: its draws are a function of the
 * seed, the method and its data center, whatever the other agents did before it (as when agents
 * run in separate worker processes).
 */
class AgentRandomTest {
  @Test
  void eachAgentOfEachMethodAndSeedHasItsOwnStream() {
    Set<Long> seeds = new HashSet<>();
    Set<Long> firstDraws = new HashSet<>();
    int n = 0;
    for (long seed : new long[] {0, 1, 2, 3, -1}) {
      for (String method : Method.NAMES) {
        for (int dc = 0; dc < 8; dc++) {
          assertThat(AgentRandom.seed(seed, method, dc)).as("a function of its inputs")
              .isEqualTo(AgentRandom.seed(seed, method, dc));
          seeds.add(AgentRandom.seed(seed, method, dc));
          firstDraws.add(AgentRandom.of(seed, method, dc).nextLong());
          n++;
        }
      }
    }
    assertThat(seeds).as("no two agents share a seed").hasSize(n);
    assertThat(firstDraws).as("nor a stream").hasSize(n);
  }

  @Test
  void neighbouringSeedsGiveUnrelatedStreams() {
    // Random(s) and Random(s + 1) start nearly in step; mixed seeds must not: about half the bits differ
    long a = AgentRandom.seed(1, Method.NEBULAFL, 0);
    long b = AgentRandom.seed(1, Method.NEBULAFL, 1);
    long c = AgentRandom.seed(2, Method.NEBULAFL, 0);
    assertThat(Long.bitCount(a ^ b)).isBetween(16, 48);
    assertThat(Long.bitCount(a ^ c)).isBetween(16, 48);
    Random ra = new Random(a);
    Random rb = new Random(b);
    int same = 0;
    for (int i = 0; i < 1000; i++) {
      if (ra.nextInt(10) == rb.nextInt(10)) {
        same++;
      }
    }
    assertThat(same).as("draws of 0-9 agree about a tenth of the time").isBetween(50, 150);
  }
}
