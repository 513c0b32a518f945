package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A crashed owner, aggregator or data center does not stall training, and no update is merged twice. */
class FaultsTest {
  @Test
  void anOwnerThatIsGoneLosesItsJobsAndTheOthersCarryOn() {
    FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().budget(300).build(), new Fault.OwnerDown(0, 0, 1e9),
        new Fault.OwnerDown(5, 100, 1e9));
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    assertThat(r.lost()).isPositive();
    assertThat(r.applied()).isEqualTo(r.jobs() - r.lost());
    assertThat(r.last().accuracy()).isGreaterThan(LearningTest.BASELINE_BAR);
    // the policy learns that owner 0 fails: it gets few jobs compared with its peers
    long[] jobs = e.jobsPerOwner();
    assertThat(jobs[0]).isLessThan(jobs[1]);
  }

  @Test
  void anAggregatorCrashAfterMergingIsRetriedWithoutMergingTwice() {
    FlSetup s = Setups.digits(2, 3, 0.5, Setups.quick().budget(150).build(), new Fault.AggregatorCrashOnce(0),
        new Fault.AggregatorCrashOnce(1));
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    NebulaFl n = (NebulaFl) e.method();
    assertThat(r.lost()).isZero();
    assertThat(r.applied()).isEqualTo(r.jobs());
    assertThat(n.dc(0).versionSum() + n.dc(1).versionSum()).as("one version per job, retries included")
        .isEqualTo(r.jobs());
  }

  @Test
  void aDataCenterOutageStallsOnlyThatDataCenter() {
    FlSetup s = Setups.digits(3, 3, 0.5, Setups.quick().budget(300).planetsPerDc(1).build(),
        new Fault.DataCenterDown(1, 0, 200));
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    NebulaFl n = (NebulaFl) e.method();
    assertThat(n.dc(0).versionSum()).isGreaterThan(10);
    assertThat(n.dc(2).versionSum()).isGreaterThan(10);
    assertThat(n.dc(1).versionSum()).as("it resumes after the outage").isPositive();
    assertThat(r.curve().get(r.curve().size() / 2).accuracy()).isGreaterThan(r.curve().get(0).accuracy());
  }

  @Test
  void theHubBaselinesAlsoSurviveAnOwnerCrash() {
    FlSetup s = Setups.digits(2, 3, 0.5, Setups.quick().budget(150).build(), new Fault.OwnerDown(1, 0, 1e9));
    for (String m : java.util.List.of("fedavg", "fedbuff", "hierfedavg")) {
      MethodResult r = new Engine(s, m, p -> {}).run();
      assertThat(r.applied()).as(m).isPositive();
      assertThat(r.applied() + r.lost()).as(m).isEqualTo(r.jobs());
    }
  }
}
