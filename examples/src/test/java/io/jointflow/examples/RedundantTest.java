package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Mode;
import io.jointflow.core.RunInfo;
import io.jointflow.examples.redundant.Iris;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** redundant.yaml: whichever three replicas answer first, the result is the direct classification. */
class RedundantTest {

  /** Nearest centroid computed directly: train on rows not at 4 mod 5, classify those that are. */
  private static List<String> directPredictions(List<String> truth) throws Exception {
    List<String> lines = Files.readAllLines(Examples.data("iris.csv"));
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<double[]> test = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      double[] x = {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
          Double.parseDouble(f[3])};
      if ((i - 1) % 5 == 4) {
        test.add(x);
        truth.add(f[4]);
      } else {
        double[] s = sums.computeIfAbsent(f[4], k -> new double[4]);
        for (int k = 0; k < 4; k++) {
          s[k] += x[k];
        }
        counts.merge(f[4], 1, Integer::sum);
      }
    }
    List<String> predicted = new ArrayList<>();
    for (double[] x : test) {
      String best = null;
      double bestDistance = Double.MAX_VALUE;
      for (var e : sums.entrySet()) {
        double d = 0;
        for (int k = 0; k < 4; k++) {
          double c = e.getValue()[k] / counts.get(e.getKey());
          d += (x[k] - c) * (x[k] - c);
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = e.getKey();
        }
      }
      predicted.add(best);
    }
    return predicted;
  }

  private static void assertIsTheDirectClassification(Iris.Result result) throws Exception {
    List<String> truth = new ArrayList<>();
    List<String> expected = directPredictions(truth);
    int correct = 0;
    for (int i = 0; i < truth.size(); i++) {
      correct += truth.get(i).equals(expected.get(i)) ? 1 : 0;
    }
    assertThat(result.predicted()).containsExactlyElementsOf(expected);
    assertThat(result.total()).isEqualTo(30);
    assertThat(result.correct()).isEqualTo(correct).isGreaterThanOrEqualTo(27);
    assertThat(result.accuracy()).isEqualTo((double) correct / 30);
    assertThat(result.replicas()).hasSize(3).doesNotHaveDuplicates()
        .allSatisfy(r -> assertThat(r).isBetween(0, 3));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void averagesTheFirstThreeOfFourReplicas(Mode mode) throws Exception {
    RunInfo run = Examples.run(Examples.load("redundant", mode), Map.of());

    assertIsTheDirectClassification(run.resultAs(Iris.Result.class));
    assertThat(run.functions()).filteredOn(f -> f.function().equals("average"))
        .singleElement().satisfies(f -> assertThat(f.instances()).isEqualTo(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6})
  void whicheverReplicasComeFirstTheResultIsTheSame(int seed) throws Exception {
    RunInfo run = Examples.run(Examples.load("redundant"), Map.of("seed", String.valueOf(seed)));

    assertIsTheDirectClassification(run.resultAs(Iris.Result.class));
  }

  @Test
  void differentSeedsLeaveDifferentStragglersBehind() throws Exception {
    Map<Integer, Integer> heldBack = new LinkedHashMap<>();
    // Seeds whose slowest replica (1, 0, 2) is 35, 22 and 17 ms behind the next one. The gated
    // handlers hold that replica back until the trigger fired, so the seed alone decides.
    for (int seed : new int[] {19, 21, 6}) {
      RunInfo run = Examples.run(Stragglers.load(), Map.of("seed", String.valueOf(seed)));
      Iris.Result result = run.resultAs(Iris.Result.class);
      assertIsTheDirectClassification(result);
      int straggler = Stragglers.heldBack(run.runId());
      heldBack.put(seed, straggler);
      Set<Integer> others = new HashSet<>(Set.of(0, 1, 2, 3));
      others.remove(straggler);
      assertThat(result.replicas()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(others);
    }
    assertThat(Set.copyOf(heldBack.values())).as("stragglers by seed: %s", heldBack).hasSize(3);
  }
}
