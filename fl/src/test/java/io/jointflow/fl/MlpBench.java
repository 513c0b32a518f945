package io.jointflow.fl;

import java.util.Random;

/**
 * Training throughput (samples per second) of {@link Mlp} against {@link NaiveMlp}: a main, not a
 * test, run by {@code bench/fl.sh mlp}. Shapes: digits 64-32-10 (real data) and 784-128-10 on
 * synthetic images with half the pixels blank (like MNIST's).
 */
public final class MlpBench {
  private MlpBench() {}

  public static void main(String[] args) {
    System.out.println("| shape | data | samples | fast samples/s | naive samples/s | speed-up |");
    System.out.println("|---|---|---|---|---|---|");
    Dataset digits = Digits.load();
    run("64-32-10", "digits", Mlp.of(64, 32, 10), digits);
    run("784-128-10", "synthetic, 50% zero pixels", Mlp.of(784, 128, 10), synthetic(2000, 784));
  }

  private static Dataset synthetic(int n, int f) {
    Random r = new Random(1);
    float[] x = new float[n * f];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(10);
      for (int j = 0; j < f; j++) {
        x[i * f + j] = r.nextBoolean() ? 0f : r.nextFloat();
      }
    }
    return new Dataset(x, y, f, 10);
  }

  private static void run(String shape, String name, Mlp mlp, Dataset d) {
    TrainOptions o = new TrainOptions(1, 32, 0.01f);
    float[] p = mlp.initialParameters(1);
    for (int i = 0; i < 3; i++) { // warm-up
      mlp.train(p, d, o, i);
      NaiveMlp.train(mlp.sizes(), p, d, o, i);
    }
    double fast = rate(() -> mlp.train(p, d, o, 7), d.size());
    double naive = rate(() -> NaiveMlp.train(mlp.sizes(), p, d, o, 7), d.size());
    System.out.printf("| %s | %s | %d | %.0f | %.0f | %.1fx |%n", shape, name, d.size(), fast, naive, fast / naive);
  }

  private static double rate(Runnable r, int samples) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      r.run();
      best = Math.min(best, System.nanoTime() - t);
    }
    return samples / (best / 1e9);
  }
}
