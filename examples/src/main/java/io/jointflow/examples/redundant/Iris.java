package io.jointflow.examples.redundant;

import java.util.List;

/** The values the redundant-inference example passes between its functions and returns. */
public final class Iris {
  private Iris() {}

  /**
   * One flower.
   *
   * @param features sepal length, sepal width, petal length, petal width (cm)
   * @param species {@code setosa}, {@code versicolor} or {@code virginica}
   */
  public record Flower(double[] features, String species) {}

  /**
   * The work of one replica: train on {@code train}, classify {@code test}.
   *
   * @param replica the replica's number
   * @param delayMillis how long this replica takes beyond its work (a simulated straggler)
   * @param train the training flowers
   * @param test the flowers to classify
   */
  public record Task(int replica, int delayMillis, List<Flower> train, List<Flower> test) {}

  /**
   * One replica's answer.
   *
   * @param replica the replica's number
   * @param classes the class names, in the order of each probability row
   * @param probabilities per test flower, the probability of each class
   * @param truth per test flower, its real species
   */
  public record Prediction(int replica, List<String> classes, double[][] probabilities, List<String> truth) {}

  /**
   * The result: the classes of the averaged predictions of the first k replicas.
   *
   * @param model the classifier
   * @param replicas the replicas whose predictions were averaged, in arrival order
   * @param predicted the predicted species of each test flower
   * @param correct how many match the real species
   * @param total how many flowers were classified
   * @param accuracy {@code correct / total}
   */
  public record Result(String model, List<Integer> replicas, List<String> predicted, int correct, int total,
      double accuracy) {}
}
