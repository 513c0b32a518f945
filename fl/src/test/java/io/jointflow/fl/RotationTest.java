package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ring rotation: one stellar model per data center per period, routed around a data center that is down. */
class RotationTest {
  @Test
  void everyDataCenterSendsExactlyOneModelToItsRingSuccessorPerPeriod() {
    FlSetup s = Setups.digits(4, 3, 0.5, Setups.quick().budget(200).rotationPeriod(40).planetsPerDc(1).build());
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    List<NebulaFl.Rotation> rot = ((NebulaFl) e.method()).rotations();
    int periods = 200 / 40;
    assertThat(rot).hasSize(4 * periods);
    Map<List<Integer>, Long> perDcPeriod = rot.stream()
        .collect(Collectors.groupingBy(x -> List.of(x.from(), x.period()), Collectors.counting()));
    for (int d = 0; d < 4; d++) {
      for (int p = 1; p <= periods; p++) {
        assertThat(perDcPeriod.get(List.of(d, p))).as("data center %d, period %d", d, p).isEqualTo(1L);
      }
    }
    assertThat(rot).allSatisfy(x -> assertThat(x.to()).isEqualTo((x.from() + 1) % 4));
    assertThat(r.transfers()).as("rotation is NebulaFL's only cross-cloud traffic").isEqualTo(4L * periods);
  }

  @Test
  void theRotatingRingShiftsEachDataCentersTargetEveryPeriod() {
    FlSetup s = Setups.digits(4, 3, 0.5, Setups.quick().budget(200).rotationPeriod(40).planetsPerDc(1).ring("rotating")
        .build());
    Engine e = new Engine(s, "nebulafl", p -> {});
    e.run();
    List<NebulaFl.Rotation> rot = ((NebulaFl) e.method()).rotations();
    assertThat(rot).hasSize(4 * 5);
    assertThat(rot).allSatisfy(x -> assertThat(x.to()).isEqualTo((x.from() + 1 + x.period() % 3) % 4));
    assertThat(rot.stream().filter(x -> x.from() == 0).map(NebulaFl.Rotation::to).distinct())
        .as("within D-1 periods data center 0 meets every other").containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void staggeredDataCentersTakeTurnsWithTheSameNumberOfTransfers() {
    FlSetup s = Setups.digits(4, 3, 0.5, Setups.quick().budget(200).rotationPeriod(40).planetsPerDc(1)
        .rotationPhase("staggered").build());
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    NebulaFl n = (NebulaFl) e.method();
    assertThat(n.dc(0).rotationTime(1)).isEqualTo(10.0);
    assertThat(n.dc(3).rotationTime(1)).isEqualTo(40.0);
    assertThat(n.dc(1).rotationTime(3)).isEqualTo(100.0); // (3 - 1 + 2/4) x 40
    assertThat(r.transfers()).as("one send per data center per period, as aligned").isEqualTo(4L * 5);
    FlSetup aligned = Setups.digits(4, 3, 0.5, Setups.quick().budget(200).rotationPeriod(40).planetsPerDc(1)
        .rotationPhase("aligned").build());
    NebulaFl a = new NebulaFl(new Engine(aligned, "nebulafl", p -> {}).context());
    assertThat(a.dc(2).rotationTime(5)).isEqualTo(200.0);
    FlSetup drift = Setups.digits(3, 3, 0.5, Setups.quick().budget(450).rotationPeriod(450.0 / 22)
        .rotationPhase("aligned").build());
    assertThat(new NebulaFl(new Engine(drift, "nebulafl", p -> {}).context()).dc(0).rotationTime(22))
        .as("the 22nd send is at the budget, not just before it").isEqualTo(450.0);
  }

  @Test
  void aDataCenterThatIsDownSendsNothingAndIsSkippedByItsPredecessor() {
    FlSetup s = Setups.digits(3, 3, 0.5, Setups.quick().budget(200).rotationPeriod(40).planetsPerDc(1)
        .rotationPhase("aligned").build(), new Fault.DataCenterDown(1, 70, 130));
    Engine e = new Engine(s, "nebulafl", p -> {});
    e.run();
    List<NebulaFl.Rotation> rot = ((NebulaFl) e.method()).rotations();
    // periods 2 (t=80) and 3 (t=120) fall in the outage
    assertThat(rot).filteredOn(x -> x.period() == 2 || x.period() == 3)
        .extracting(NebulaFl.Rotation::from, NebulaFl.Rotation::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(2, 0),
            org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(2, 0));
    assertThat(rot).filteredOn(x -> x.period() == 4).hasSize(3);
  }
}
