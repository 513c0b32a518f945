package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Staleness weights and version bookkeeping of the per-data-center aggregation. */
class VersionsTest {
  private static Job job(long id, int dc, int slot, long base) {
    return new Job(id, dc, new Container(0, ContainerType.referenceTypes().get(0)), slot, base, 0, 1, null, dc);
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Test
  void theStellarModelIsTheVersionWeightedAverageOfThePlanets() {
    FlSetup s = Setups.digits(1, 4, 0.5, Setups.quick().planetsPerDc(2).refresh("mix").build()); // jobs without a sent model
    NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}).context());
    int size = s.model().parameterCount();
    n.dc(0).merge(job(0, 0, 0, 0), filled(size, 1f)); // planet 0: version 1, value 1
    n.dc(0).merge(job(1, 0, 1, 0), filled(size, 4f)); // planet 1: version 1, value 4
    n.dc(0).merge(job(2, 0, 1, 1), filled(size, 7f)); // planet 1: version 2, value 7
    NebulaFl.Dc dc = n.dc(0);
    assertThat(dc.versions).containsExactly(1, 2);
    assertThat(dc.stellarUpdates).isEqualTo(3);
    assertThat(dc.stellar[0]).isCloseTo((1 * 1f + 2 * 7f) / 3, within(1e-5f));
  }

  @Test
  void theStalenessRuleWeighsAnUpdateByAlphaTimesTauPlusOneToTheMinusExponent() {
    FlSetup s = Setups.digits(1, 4, 0.5, Setups.quick().planetsPerDc(2).refresh("mix").stellar(FlOptions.StellarRule.STALENESS)
        .asyncAlpha(0.9).asyncExponent(0.8).build());
    NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}).context());
    int size = s.model().parameterCount();
    NebulaFl.Dc dc = n.dc(0);
    dc.stellar = filled(size, 0f);
    n.dc(0).merge(job(0, 0, 0, 0), filled(size, 1f)); // fresh: tau 0, a = 0.9
    assertThat(dc.stellar[5]).isCloseTo(0.9f, within(1e-5f));
    dc.stellar = filled(size, 0f);
    n.dc(0).merge(job(1, 0, 1, 0), filled(size, 1f)); // one stellar update since its dispatch: tau 1
    assertThat(dc.stellar[5]).isCloseTo((float) (0.9 * Math.pow(2, -0.8)), within(1e-5f));
  }

  /** One planet at version 2 out training from {@code sent = 1}; a stellar model 5 with 2 versions arrives; it returns {@code 1.5}. */
  private static float refreshedPlanet(String refresh, double gamma) {
    FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().planetsPerDc(1).refresh(refresh).gamma(gamma).build());
    NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}).context());
    int size = s.model().parameterCount();
    NebulaFl.Dc dc = n.dc(0);
    float[] sent = filled(size, 1f);
    dc.planets[0] = sent.clone();
    dc.stellar = sent.clone();
    dc.versions[0] = 2;
    dc.training[0] = true;
    n.dc(0).received(1, java.util.Map.of("versions", "2"), filled(size, 5f)); // lambda 2/(2+2): S = 3
    assertThat(dc.stellar[3]).isCloseTo(3f, within(1e-5f));
    n.dc(0).merge(new Job(9, 0, new Container(0, ContainerType.referenceTypes().get(0)), 0, 0, 0, 1, sent, 0),
        filled(size, 1.5f)); // the training moved the planet by +0.5
    return dc.planets[0][3];
  }

  @Test
  void theRebaseRefreshCarriesTheTrainingDeltaOntoTheRefreshedCopy() {
    assertThat(refreshedPlanet("rebase", 1)).as("S + delta").isCloseTo(3.5f, within(1e-5f));
    assertThat(refreshedPlanet("rebase", 0.5)).as("(0.5 * 1 + 0.5 * 3) + 0.5").isCloseTo(2.5f, within(1e-5f));
    assertThat(refreshedPlanet("mix", 0.5)).as("0.5 * 1.5 + 0.5 * 3").isCloseTo(2.25f, within(1e-5f));
    assertThat(refreshedPlanet("mix", 1)).as("mix with gamma 1 drops the training").isCloseTo(3f, within(1e-5f));
    float[] r = NebulaFl.rebase(new float[] {2, 0}, new float[] {1, 1}, new float[] {1.25f, 0.5f});
    assertThat(r).containsExactly(2.25f, -0.5f);
  }

  @Test
  void theRecencyMergeKeepsAFixedLambdaOfTheReceiversModelWhateverTheVersions() {
    for (String merge : List.of("recency", "versions")) {
      FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().planetsPerDc(1).merge(merge).recencyLambda(0.25).build());
      NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}).context());
      NebulaFl.Dc dc = n.dc(0);
      dc.stellar = filled(s.model().parameterCount(), 1f);
      dc.versions[0] = 6;
      n.dc(0).received(1, java.util.Map.of("versions", "2"), filled(s.model().parameterCount(), 5f));
      // recency: 0.25 * 1 + 0.75 * 5; versions: lambda = 6 / (6 + 2), 0.75 * 1 + 0.25 * 5
      assertThat(dc.stellar[7]).as(merge).isCloseTo(merge.equals("recency") ? 4f : 2f, within(1e-5f));
    }
  }

  @Test
  void aDataCenterServesItsStellarModelAsMergedAtTheLastRotationItReceived() {
    FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().planetsPerDc(1).refresh("mix").build());
    assertThat(s.options().serve()).as("default").isEqualTo("merged");
    NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}).context());
    int size = s.model().parameterCount();
    NebulaFl.Dc dc = n.dc(0);
    assertThat(n.serving().get(0)).as("before any rotation: the live stellar model").isSameAs(dc.stellar);
    dc.stellar = filled(size, 1f);
    n.dc(0).received(1, java.util.Map.of("versions", "0"), filled(size, 3f)); // no versions: lambda 1/2, S = 2
    n.dc(0).merge(job(0, 0, 0, 0), filled(size, 9f)); // training goes on: the live stellar model becomes 9
    assertThat(dc.stellar[2]).isCloseTo(9f, within(1e-5f));
    assertThat(n.serving().get(0)[2]).as("served: the merge, not the live model").isCloseTo(2f, within(1e-5f));
    FlSetup live = Setups.digits(2, 4, 0.5, Setups.quick().serve("stellar").build());
    NebulaFl l = new NebulaFl(new Engine(live, "nebulafl", p -> {}).context());
    l.dc(0).received(1, java.util.Map.of("versions", "0"), filled(size, 3f));
    assertThat(l.serving().get(0)).isSameAs(l.dc(0).stellar);
  }

  @Test
  void everyMergedJobRaisesItsPlanetsVersionByOneAndLaggingPlanetsPullHarder() {
    FlSetup s = Setups.digits(2, 4, 0.5, Setups.quick().budget(200).build());
    Engine e = new Engine(s, "nebulafl", p -> {});
    MethodResult r = e.run();
    NebulaFl n = (NebulaFl) e.method();
    long versions = 0;
    for (int d = 0; d < 2; d++) {
      versions += n.dc(d).versionSum();
      assertThat(n.dc(d).versionSum()).isPositive();
    }
    assertThat(versions).isEqualTo(r.applied()).isEqualTo(r.jobs() - r.lost() - r.rejected());
  }

  @Test
  void fedAsyncMixesWithThePolynomialStalenessWeight() {
    FlSetup s = Setups.digits(1, 4, 0.5, Setups.quick().build());
    HubMethods.FedAsync f = new HubMethods.FedAsync(new Engine(s, "fedasync", p -> {}).context());
    int size = s.model().parameterCount();
    f.global = filled(size, 0f);
    f.version = 3;
    f.merge(job(0, 0, 0, 1), filled(size, 1f)); // staleness 2
    assertThat(f.global[0]).isCloseTo((float) (0.9 * Math.pow(3, -0.8)), within(1e-5f));
    assertThat(f.version).isEqualTo(4);
    assertThat(List.of(f.serving().get(0))).hasSize(1);
  }
}
