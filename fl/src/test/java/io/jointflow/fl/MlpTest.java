package io.jointflow.fl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The built-in MLP learns, is deterministic and does not touch its inputs. */
class MlpTest {
  @Test
  void centralTrainingOnDigitsReachesNinetyPercent() {
    Dataset[] split = Digits.load().split(0.2, 1);
    Mlp mlp = Mlp.of(64, 32, 10);
    float[] p0 = mlp.initialParameters(1);
    float[] copy = p0.clone();
    float[] p = mlp.train(p0, split[0], new TrainOptions(20, 32, 0.05f), 3);
    assertThat(p0).containsExactly(copy);
    assertThat(mlp.accuracy(p0, split[1])).isLessThan(0.3);
    assertThat(mlp.accuracy(p, split[1])).isGreaterThan(0.9);
    assertThat(mlp.train(p0, split[0], new TrainOptions(20, 32, 0.05f), 3)).containsExactly(p);
  }

  @Test
  void matchesTheNaiveImplementationStepForStep() {
    Dataset d = Digits.load().sample(200, 5);
    Mlp mlp = Mlp.of(64, 16, 12, 10);
    float[] p0 = mlp.initialParameters(9);
    TrainOptions o = new TrainOptions(1, 20, 0.1f);
    float[] fast = mlp.train(p0, d, o, 4);
    float[] naive = NaiveMlp.train(mlp.sizes(), p0, d, o, 4);
    for (int i = 0; i < fast.length; i++) {
      assertThat(fast[i]).isCloseTo(naive[i], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }
}
