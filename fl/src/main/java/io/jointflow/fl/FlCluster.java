package io.jointflow.fl;

import io.jointflow.cluster.GatewayClient;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A cluster that serves a job's fl apps ({@link FlApps}), reached through its gateway: running a
 * method there makes every training job, model transfer and agent operation a run on the workers
 * of the data centers' clouds, with the agents' records in those clouds' state stores.
 */
public final class FlCluster {
  private final GatewayClient gateway;
  private final String job;
  private final Consumer<String> waits;

  private FlCluster(GatewayClient gateway, String job, Consumer<String> waits) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.job = job;
    this.waits = Objects.requireNonNull(waits, "waits");
  }

  /**
   * The cluster behind {@code gateway}, serving the apps of job file {@code flYaml}: the one the
   * driver runs, which the workers check against the file they serve.
   */
  public static FlCluster of(GatewayClient gateway, java.nio.file.Path flYaml) {
    return new FlCluster(gateway, fingerprint(flYaml), w -> {});
  }

  /**
   * This cluster, telling {@code listener} each time a step waits for a state store that is
   * unreachable (one line: the step, the pause, and the store's message) before it runs again.
   */
  public FlCluster onWait(Consumer<String> listener) {
    return new FlCluster(gateway, job, listener);
  }

  void waiting(String what) {
    waits.accept(what);
  }

  GatewayClient gateway() {
    return gateway;
  }

  /** The job's fingerprint: the SHA-256 of its fl.yaml, hex. */
  String job() {
    return job;
  }

  static String fingerprint(java.nio.file.Path flYaml) {
    try {
      byte[] bytes = java.nio.file.Files.readAllBytes(flYaml);
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.io.IOException e) {
      throw new io.jointflow.function.JointflowException("cannot read fl file '" + flYaml + "': " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
