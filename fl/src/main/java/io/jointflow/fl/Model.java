package io.jointflow.fl;

/**
 * A trainable classifier whose state is one flat parameter vector, so that federated methods can
 * average, mix and ship it without knowing the model. Implementations are stateless and thread
 * safe: every method takes the parameters it works on and never modifies its inputs.
 *
 * <p>Plug in another trainer by implementing this interface and passing it to {@link
 * FlSetup#model}; the built-in one is {@link Mlp}.
 */
public interface Model {
  /** The length of the parameter vector. */
  int parameterCount();

  /** Fresh parameters, drawn from {@code seed}. */
  float[] initialParameters(long seed);

  /**
   * Trains a copy of {@code params} on all of {@code data} and returns it; {@code seed} drives the
   * sample order, so the same inputs give the same result.
   */
  float[] train(float[] params, Dataset data, TrainOptions options, long seed);

  /** The fraction of {@code data} classified correctly by {@code params}. */
  double accuracy(float[] params, Dataset data);
}
