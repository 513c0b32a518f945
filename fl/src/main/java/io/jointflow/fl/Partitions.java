package io.jointflow.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Splits a data set's sample indices among owners: IID, by Dirichlet(alpha) label skew (the usual
 * non-IID benchmark) or by label-sorted shards. Deterministic for a seed.
 */
public final class Partitions {
  private Partitions() {}

  /** A seeded shuffle of {@code 0..n-1}. */
  static int[] shuffled(int n, Random rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Equal-sized random parts. */
  public static int[][] iid(Dataset data, int owners, long seed) {
    int[] order = shuffled(data.size(), new Random(seed));
    int[][] parts = new int[owners][];
    for (int o = 0; o < owners; o++) {
      int from = (int) ((long) data.size() * o / owners);
      int to = (int) ((long) data.size() * (o + 1) / owners);
      parts[o] = Arrays.copyOfRange(order, from, to);
    }
    return parts;
  }

  /**
   * Dirichlet label skew (reference B8): for every class, proportions {@code p ~ Dir(alpha)} over
   * owners, with owners that already hold their fair share zeroed; the class's shuffled indices are
   * cut at the cumulative proportions. The draw repeats until every owner has at least
   * {@code minSize} samples (at most 1000 tries; then the last draw is kept).
   *
   * @throws IllegalArgumentException if alpha is not positive or there are more owners than samples
   */
  public static int[][] dirichlet(Dataset data, int owners, double alpha, int minSize, long seed) {
    if (!(alpha > 0) || owners < 1 || owners > data.size()) {
      throw new IllegalArgumentException("dirichlet partition needs alpha > 0 and 1..samples owners: alpha " + alpha
          + ", owners " + owners);
    }
    Random rnd = new Random(seed);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < data.classes(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i : shuffled(data.size(), rnd)) {
      byClass.get(data.y()[i]).add(i);
    }
    int[][] best = null;
    for (int attempt = 0; attempt < 1000; attempt++) {
      List<List<Integer>> parts = new ArrayList<>();
      for (int o = 0; o < owners; o++) {
        parts.add(new ArrayList<>());
      }
      double fair = (double) data.size() / owners;
      for (List<Integer> idx : byClass) {
        double[] p = new double[owners];
        double sum = 0;
        for (int o = 0; o < owners; o++) {
          p[o] = parts.get(o).size() < fair ? gamma(alpha, rnd) : 0;
          sum += p[o];
        }
        int start = 0;
        double cum = 0;
        for (int o = 0; o < owners; o++) {
          cum += sum > 0 ? p[o] / sum : 1.0 / owners;
          int end = o == owners - 1 ? idx.size() : (int) Math.min(idx.size(), Math.round(cum * idx.size()));
          parts.get(o).addAll(idx.subList(start, Math.max(start, end)));
          start = Math.max(start, end);
        }
      }
      best = new int[owners][];
      int smallest = Integer.MAX_VALUE;
      for (int o = 0; o < owners; o++) {
        best[o] = parts.get(o).stream().mapToInt(Integer::intValue).toArray();
        smallest = Math.min(smallest, best[o].length);
      }
      if (smallest >= minSize) {
        break;
      }
    }
    return best;
  }

  /**
   * Shards: samples sorted by label, cut into {@code owners * shardsPerOwner} equal shards, each
   * owner gets {@code shardsPerOwner} random shards (McMahan et al.'s pathological non-IID split).
   */
  public static int[][] shards(Dataset data, int owners, int shardsPerOwner, long seed) {
    Random rnd = new Random(seed);
    int[] order = shuffled(data.size(), rnd);
    Integer[] sorted = Arrays.stream(order).boxed().toArray(Integer[]::new);
    Arrays.sort(sorted, (a, b) -> Integer.compare(data.y()[a], data.y()[b])); // stable: shuffled within a class
    int shards = owners * shardsPerOwner;
    int[] shardOrder = shuffled(shards, rnd);
    int[][] parts = new int[owners][];
    for (int o = 0; o < owners; o++) {
      List<Integer> mine = new ArrayList<>();
      for (int s = 0; s < shardsPerOwner; s++) {
        int shard = shardOrder[o * shardsPerOwner + s];
        int from = (int) ((long) data.size() * shard / shards);
        int to = (int) ((long) data.size() * (shard + 1) / shards);
        for (int i = from; i < to; i++) {
          mine.add(sorted[i]);
        }
      }
      parts[o] = mine.stream().mapToInt(Integer::intValue).toArray();
    }
    return parts;
  }

  /** A Gamma(shape, 1) draw (Marsaglia-Tsang; boosted for shape < 1), so Dirichlet = normalised gammas. */
  static double gamma(double shape, Random rnd) {
    if (shape < 1) {
      double u = rnd.nextDouble();
      return gamma(shape + 1, rnd) * Math.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rnd.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rnd.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
