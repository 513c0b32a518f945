package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;

/**
 * A federated method on the {@link Engine}: the holder of its {@link Agent}s, one per data center
 * that aggregates (indexed by data center; none where no aggregation happens, as in the hub
 * baselines' other data centers). The engine routes a job's merge and end to the agent of its
 * aggregator, a received model to the agent of its destination, a timer to the agent it names.
 *
 * <p>The engine moves the agents into an {@link AgentStore} ({@link #keepIn}) and routes to them
 * there; until then (tests that drive agents by hand) they are the objects created here.
 */
class Method {
  private final Agent[] agents;
  private Agents store;

  Method(Agent[] agents) {
    this.agents = agents.clone();
  }

  /** Stores the agents in {@code store}; from now on {@link #agent} decodes them from it. */
  void keepIn(Agents store) {
    for (int d = 0; d < agents.length; d++) {
      if (agents[d] != null) {
        store.create(d, agents[d]);
        agents[d] = null; // the stored record is the agent now
      }
    }
    this.store = store;
  }

  /**
   * The agent of data center {@code dc}, or null if it has none. Once stored, a copy decoded from
   * its record: reading it is fine, changing it changes nothing.
   */
  Agent agent(int dc) {
    if (store != null) {
      return store.has(dc) ? store.read(dc).agent() : null;
    }
    return agents[dc];
  }

  int dataCenters() {
    return agents.length;
  }

  /**
   * Starts agents driven by hand (tests), in data-center order. Stored agents are started by the
   * engine, which applies each start's effects ({@link AgentStore#start}).
   */
  void start() {
    if (store != null) {
      throw new IllegalStateException("the agents are stored: the engine starts them and applies their effects");
    }
    for (Agent a : agents) {
      if (a != null) {
        a.start();
      }
    }
  }

  /** The models the data centers serve now, in data-center order (evaluated as the mean of their accuracies). */
  List<float[]> serving() {
    List<float[]> r = new ArrayList<>();
    for (int d = 0; d < agents.length; d++) {
      if (store != null && store.has(d)) {
        r.addAll(store.serving(d));
      } else if (store == null && agents[d] != null) {
        r.addAll(agents[d].serving());
      }
    }
    return r;
  }

  /** Creates a method by name, its agents seeing the run through {@code context}. */
  static Method create(String name, AgentContext context) {
    return switch (name) {
      case NEBULAFL -> new NebulaFl(context);
      case FEDAVG -> HubMethods.hosted(new HubMethods.FedAvg(context));
      case FEDASYNC -> HubMethods.hosted(new HubMethods.FedAsync(context));
      case FEDBUFF -> HubMethods.hosted(new HubMethods.FedBuff(context));
      case HIERFEDAVG -> new HierFedAvg(context);
      default -> throw new IllegalArgumentException("fl method '" + name + "' is unknown; valid: " + String.join(", ",
          NAMES));
    };
  }

  // the methods' names: also what their agents' random sources are seeded with (AgentRandom)
  static final String NEBULAFL = "nebulafl";
  static final String FEDAVG = "fedavg";
  static final String FEDASYNC = "fedasync";
  static final String FEDBUFF = "fedbuff";
  static final String HIERFEDAVG = "hierfedavg";

  /** Every method, NebulaFL first. */
  static final List<String> NAMES = List.of(NEBULAFL, FEDAVG, FEDASYNC, FEDBUFF, HIERFEDAVG);
}
