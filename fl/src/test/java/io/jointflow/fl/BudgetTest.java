package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hard per-data-center rent budget (reference B5): dispatching stops once no container's predicted rent fits. */
class BudgetTest {
  @Test
  void aDataCenterStopsRentingOnceItsBudgetIsSpent() {
    Engine free = new Engine(Setups.digits(2, 4, 0.5, Setups.quick().build()), "nebulafl", p -> {});
    free.run();
    double uncapped = ((NebulaFl) free.method()).dc(0).spent;
    double cap = uncapped / 4;
    Engine capped = new Engine(Setups.digits(2, 4, 0.5, Setups.quick().dcBudget(cap).build()), "nebulafl", p -> {});
    MethodResult r = capped.run();
    NebulaFl n = (NebulaFl) capped.method();
    for (int d = 0; d < 2; d++) {
      NebulaFl.Dc dc = n.dc(d);
      assertThat(dc.spent).as("data center %d rent (cap %s, uncapped %s)", d, cap, uncapped)
          .isLessThanOrEqualTo(cap * 1.1).isGreaterThan(cap / 2);
      assertThat(dc.training).as("nothing left out training at the end").containsOnly(false);
      assertThat(dc.parked).as("every planet waits for budget").containsOnly(true);
    }
    assertThat(r.last().cost()).isLessThanOrEqualTo(2 * cap * 1.1);
  }
}
