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
    FlSetup s = Setups.digits(1, 4, 0.5, Setups.quick().planetsPerDc(2).build());
    NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}));
    int size = s.model().parameterCount();
    n.merge(job(0, 0, 0, 0), filled(size, 1f)); // planet 0: version 1, value 1
    n.merge(job(1, 0, 1, 0), filled(size, 4f)); // planet 1: version 1, value 4
    n.merge(job(2, 0, 1, 1), filled(size, 7f)); // planet 1: version 2, value 7
    NebulaFl.Dc dc = n.dc(0);
    assertThat(dc.versions).containsExactly(1, 2);
    assertThat(dc.stellarUpdates).isEqualTo(3);
    assertThat(dc.stellar[0]).isCloseTo((1 * 1f + 2 * 7f) / 3, within(1e-5f));
  }

  @Test
  void theStalenessRuleWeighsAnUpdateByAlphaTimesTauPlusOneToTheMinusExponent() {
    FlSetup s = Setups.digits(1, 4, 0.5, Setups.quick().planetsPerDc(2).stellar(FlOptions.StellarRule.STALENESS)
        .asyncAlpha(0.9).asyncExponent(0.8).build());
    NebulaFl n = new NebulaFl(new Engine(s, "nebulafl", p -> {}));
    int size = s.model().parameterCount();
    NebulaFl.Dc dc = n.dc(0);
    dc.stellar = filled(size, 0f);
    n.merge(job(0, 0, 0, 0), filled(size, 1f)); // fresh: tau 0, a = 0.9
    assertThat(dc.stellar[5]).isCloseTo(0.9f, within(1e-5f));
    dc.stellar = filled(size, 0f);
    n.merge(job(1, 0, 1, 0), filled(size, 1f)); // one stellar update since its dispatch: tau 1
    assertThat(dc.stellar[5]).isCloseTo((float) (0.9 * Math.pow(2, -0.8)), within(1e-5f));
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
    HubMethods.FedAsync f = new HubMethods.FedAsync(new Engine(s, "fedasync", p -> {}));
    int size = s.model().parameterCount();
    f.global = filled(size, 0f);
    f.version = 3;
    f.merge(job(0, 0, 0, 1), filled(size, 1f)); // staleness 2
    assertThat(f.global[0]).isCloseTo((float) (0.9 * Math.pow(3, -0.8)), within(1e-5f));
    assertThat(f.version).isEqualTo(4);
    assertThat(List.of(f.serving().get(0))).hasSize(1);
  }
}
