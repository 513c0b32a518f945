package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs federated methods on one setup, one after the other, each on a fresh embedded Jointflow over
 * the setup's clouds. Methods: {@code nebulafl}, {@code fedavg}, {@code fedasync}, {@code fedbuff},
 * {@code hierfedavg}.
 */
public final class Federation {
  private Federation() {}

  /** Every method name, NebulaFL first. */
  public static List<String> methods() {
    return Method.NAMES;
  }

  /**
   * Runs {@code methods} and returns their results in that order; {@code progress} hears every
   * evaluation with its method's name.
   *
   * @throws IllegalArgumentException naming an unknown method
   */
  public static List<MethodResult> run(FlSetup setup, List<String> methods, BiConsumer<String, Point> progress) {
    return run(setup, methods, progress, null);
  }

  /**
   * As {@link #run(FlSetup, List, BiConsumer)}, with every step and agent operation run on {@code
   * cluster}'s workers (null: embedded in this process). The cluster must serve the job's apps
   * ({@link FlApps}) on the clouds of the setup's clouds file.
   */
  public static List<MethodResult> run(FlSetup setup, List<String> methods, BiConsumer<String, Point> progress,
      FlCluster cluster) {
    for (String m : methods) {
      if (!Method.NAMES.contains(m)) {
        throw new IllegalArgumentException("fl method '" + m + "' is unknown; valid: " + String.join(", ", Method.NAMES));
      }
    }
    List<MethodResult> results = new ArrayList<>();
    for (String m : methods) {
      try (Engine e = new Engine(setup, m, p -> progress.accept(m, p), cluster)) {
        results.add(e.run());
      }
    }
    return results;
  }
}
