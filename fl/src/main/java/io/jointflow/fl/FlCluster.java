package io.jointflow.fl;

import io.jointflow.cluster.GatewayClient;
import java.util.Objects;

/**
 * A cluster that serves a job's fl apps ({@link FlApps}), reached through its gateway: running a
 * method there makes every training job, model transfer and agent operation a run on the workers
 * of the data centers' clouds, with the agents' records in those clouds' state stores.
 */
public final class FlCluster {
  private final GatewayClient gateway;

  private FlCluster(GatewayClient gateway) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
  }

  public static FlCluster of(GatewayClient gateway) {
    return new FlCluster(gateway);
  }

  GatewayClient gateway() {
    return gateway;
  }
}
