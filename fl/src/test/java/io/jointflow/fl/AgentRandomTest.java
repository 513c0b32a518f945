package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each agent draws from its own random source, stored with it: its draws are a function of the
 * seed, the method and its data center, whatever the other agents did before it (as when agents
 * run in separate worker processes).
 */
class AgentRandomTest {
  private static FlSetup setup() {
    // four planets of five owners each with the reference types: a start draws four of many containers
    return Setups.digits(3, 5, 0.5, Setups.quick().planetsPerDc(4).build());
  }

  /** The containers the agents of {@code dcs} dispatch to when started in that order, per agent. */
  private static List<List<Container>> startsIn(String method, int... dcs) {
    try (Engine e = new Engine(setup(), method, p -> {})) {
      Method m = Method.create(method, e.context());
      AgentStore store = new AgentStore(e.context(), method, "order");
      m.keepIn(store);
      List<List<Container>> chosen = new ArrayList<>();
      for (int d = 0; d < 3; d++) {
        chosen.add(null);
      }
      for (int d : dcs) {
        chosen.set(d, store.start(d).stream().filter(Effect.Dispatch.class::isInstance)
            .map(x -> ((Effect.Dispatch) x).c()).toList());
      }
      store.close();
      return chosen;
    }
  }

  @Test
  void anAgentsDrawsDoNotDependOnWhetherOrWhenOtherAgentsOperated() {
    for (String method : List.of(Method.NEBULAFL, Method.HIERFEDAVG)) {
      List<List<Container>> inOrder = startsIn(method, 0, 1, 2);
      List<List<Container>> alone = startsIn(method, 1);
      List<List<Container>> reversed = startsIn(method, 2, 1, 0);
      assertThat(inOrder.get(1)).as(method + ": agent 1 dispatched").hasSize(4);
      assertThat(alone.get(1)).as(method + ": agent 1 alone draws as after agent 0").isEqualTo(inOrder.get(1));
      assertThat(reversed.get(1)).as(method + ": agent 1 after agent 2").isEqualTo(inOrder.get(1));
      assertThat(reversed.get(0)).as(method + ": agent 0 last draws as first").isEqualTo(inOrder.get(0));
      assertThat(reversed.get(2)).as(method + ": agent 2 first draws as last").isEqualTo(inOrder.get(2));
    }
  }

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
