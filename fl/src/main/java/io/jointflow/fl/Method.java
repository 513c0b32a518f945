package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;

/**
 * A federated method on the {@link Engine}: the holder of its {@link Agent}s, one per data center
 * that aggregates (indexed by data center; none where no aggregation happens, as in the hub
 * baselines' other data centers). The engine routes a job's merge and end to the agent of its
 * aggregator, a received model to the agent of its destination, a timer to the agent it names.
 */
class Method {
  private final Agent[] agents;

  Method(Agent[] agents) {
    this.agents = agents.clone();
  }

  /** The agent of data center {@code dc}, or null if it has none. */
  Agent agent(int dc) {
    return agents[dc];
  }

  int dataCenters() {
    return agents.length;
  }

  /** Starts the agents in data-center order. */
  void start() {
    for (Agent a : agents) {
      if (a != null) {
        a.start();
      }
    }
  }

  /** The models the data centers serve now, in data-center order (evaluated as the mean of their accuracies). */
  List<float[]> serving() {
    List<float[]> r = new ArrayList<>();
    for (Agent a : agents) {
      if (a != null) {
        r.addAll(a.serving());
      }
    }
    return r;
  }

  /** Creates a method by name, its agents seeing the run through {@code context}. */
  static Method create(String name, AgentContext context) {
    return switch (name) {
      case "nebulafl" -> new NebulaFl(context);
      case "fedavg" -> HubMethods.hosted(new HubMethods.FedAvg(context));
      case "fedasync" -> HubMethods.hosted(new HubMethods.FedAsync(context));
      case "fedbuff" -> HubMethods.hosted(new HubMethods.FedBuff(context));
      case "hierfedavg" -> new HierFedAvg(context);
      default -> throw new IllegalArgumentException("fl method '" + name + "' is unknown; valid: " + String.join(", ",
          NAMES));
    };
  }

  /** Every method, NebulaFL first. */
  static final List<String> NAMES = List.of("nebulafl", "fedavg", "fedasync", "fedbuff", "hierfedavg");
}
