package io.jointflow.fl;

import java.util.List;
import java.util.Map;

/**
 * A federated method on the {@link Engine}: it dispatches jobs, merges updates (called from the
 * aggregator function), reacts to job ends and received models, and names the models the data
 * centers serve.
 */
abstract class Method {
  final Engine engine;

  Method(Engine engine) {
    this.engine = engine;
  }

  /** Dispatches the first jobs and schedules periodic work. */
  abstract void start();

  /** Merges the update of {@code job}; called once per job, from its aggregator function. */
  abstract void merge(Job job, float[] update);

  /** {@code job} ended: {@code ok} if merged, else lost or rejected; usually dispatches the next one. */
  abstract void ended(Job job, boolean ok);

  /** A model sent from {@code src} arrived at {@code dst} with the sender's header. */
  void received(int src, int dst, Map<String, String> header, float[] model) {}

  /** The models the data centers serve now (evaluated as the mean of their accuracies). */
  abstract List<float[]> serving();

  /** Creates a method by name. */
  static Method create(String name, Engine engine) {
    return switch (name) {
      case "nebulafl" -> new NebulaFl(engine);
      case "fedavg" -> new HubMethods.FedAvg(engine);
      case "fedasync" -> new HubMethods.FedAsync(engine);
      case "fedbuff" -> new HubMethods.FedBuff(engine);
      case "hierfedavg" -> new HierFedAvg(engine);
      default -> throw new IllegalArgumentException("fl method '" + name + "' is unknown; valid: " + String.join(", ",
          NAMES));
    };
  }

  /** Every method, NebulaFL first. */
  static final List<String> NAMES = List.of("nebulafl", "fedavg", "fedasync", "fedbuff", "hierfedavg");
}
