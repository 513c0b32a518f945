package io.jointflow.app;

/**
 * One thing wrong with an app definition.
 *
 * @param path where, as a dotted path into the definition ({@code buckets.shuffle.triggers.reduce.target})
 * @param message what is wrong, naming the valid choices where there are any
 */
public record Problem(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
