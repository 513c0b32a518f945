package io.jointflow.fl;

/**
 * Local training of one job: epochs over the owner's partition, minibatch size and SGD step.
 *
 * @param epochs passes over the data (E in the reference), at least 1
 * @param batch minibatch size, at least 1
 * @param learningRate SGD step size, positive
 */
public record TrainOptions(int epochs, int batch, float learningRate) {
  public TrainOptions {
    if (epochs < 1 || batch < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("train options need epochs >= 1, batch >= 1, learning-rate > 0: " + epochs
          + ", " + batch + ", " + learningRate);
    }
  }

  /**
   * 2 epochs, batch 32, step 0.05. The reference's group code uses 5 / 50 / 0.01 with momentum for
   * CNNs; plain SGD on a small MLP needs the larger step, and fewer epochs keep non-IID drift low.
   */
  public static TrainOptions defaults() {
    return new TrainOptions(2, 32, 0.05f);
  }
}
