package io.jointflow.examples.redundant;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A nearest-centroid classifier: each class is the mean of its training points; a point belongs to
 * the class with the nearest mean, with probabilities from a softmax over negative squared
 * distances. Training is deterministic, so every replica learns the same model.
 */
final class NearestCentroid {
  final List<String> classes;
  private final List<double[]> centroids;

  private NearestCentroid(List<String> classes, List<double[]> centroids) {
    this.classes = classes;
    this.centroids = centroids;
  }

  static NearestCentroid train(List<Iris.Flower> flowers) {
    TreeMap<String, double[]> sums = new TreeMap<>();
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (Iris.Flower f : flowers) {
      double[] sum = sums.computeIfAbsent(f.species(), s -> new double[f.features().length]);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += f.features()[i];
      }
      counts.merge(f.species(), 1, Integer::sum);
    }
    List<double[]> centroids = new ArrayList<>();
    sums.forEach((species, sum) -> {
      double[] c = sum.clone();
      for (int i = 0; i < c.length; i++) {
        c[i] /= counts.get(species);
      }
      centroids.add(c);
    });
    return new NearestCentroid(List.copyOf(sums.keySet()), centroids);
  }

  /** The probability of each class, in {@link #classes} order. */
  double[] probabilities(double[] x) {
    double[] scores = new double[centroids.size()];
    double best = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < scores.length; c++) {
      double d = 0;
      for (int i = 0; i < x.length; i++) {
        double diff = x[i] - centroids.get(c)[i];
        d += diff * diff;
      }
      scores[c] = -d;
      best = Math.max(best, scores[c]);
    }
    double total = 0;
    for (int c = 0; c < scores.length; c++) {
      scores[c] = Math.exp(scores[c] - best);
      total += scores[c];
    }
    for (int c = 0; c < scores.length; c++) {
      scores[c] /= total;
    }
    return scores;
  }
}
