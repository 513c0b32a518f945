package io.jointflow.fl;

import io.jointflow.cluster.GatewayClient;
import java.util.List;
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
   * unreachable (one line: the step, the pause, and the store's message) before it runs again, and
   * every 10 s that a step's run is still running (one line: the run, how long, what may be down).
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

  /** The agents' records of fl runs found in one cloud's state store: keys {@code fl/<run>/<method>/<d>}. */
  public record Leftovers(String cloud, List<String> keys, boolean deleted) {
    /** The runs the keys belong to, in key order. */
    public java.util.SortedSet<String> runs() {
      java.util.SortedSet<String> r = new java.util.TreeSet<>();
      keys.forEach(k -> r.add(k.split("/")[1]));
      return r;
    }
  }

  /**
   * The agents' records of fl runs in the state store of each cloud of job {@code flYaml}'s clouds
   * file, deleted if {@code delete}: what a run on a cluster leaves when its driver was killed, or
   * failed while a store was down. Every run's records go, so only while no {@code fl train} runs on
   * those stores. A cloud whose state is kept in memory has none.
   */
  public static List<Leftovers> leftovers(java.nio.file.Path flYaml, boolean delete) {
    return leftovers(flYaml, null, delete);
  }

  /**
   * {@link #leftovers(java.nio.file.Path, boolean)} of run {@code run} only (as a failed run names
   * it), or of every run if null: safe while other fl runs use the stores.
   */
  public static List<Leftovers> leftovers(java.nio.file.Path flYaml, String run, boolean delete) {
    if (run != null && (run.isBlank() || run.contains("/"))) {
      throw new IllegalArgumentException("fl run id '" + run + "' is not one: it is the second part of a record's key"
          + " fl/<run>/<method>/<d>, as 'fl clean --list' prints it");
    }
    String prefix = run == null ? AgentStore.PREFIX : AgentStore.PREFIX + run + "/";
    FlSetup setup = FlConfig.load(flYaml).setup();
    if (setup.clouds() == null) {
      throw new io.jointflow.function.JointflowException("fl file '" + flYaml + "' names no clouds file ('clouds:'),"
          + " so its runs keep their agents in this process only: there is nothing in any store to clean");
    }
    List<Leftovers> found = new java.util.ArrayList<>();
    for (var e : setup.clouds().clouds().entrySet()) {
      String state = e.getValue().state();
      if (state == null || state.equals("memory")) {
        continue;
      }
      try (io.jointflow.spi.StateStore store = io.jointflow.core.Jointflow.openState(state,
          io.jointflow.core.SystemEnvironment.create(), FlCluster.class.getClassLoader())) {
        List<String> keys = new java.util.ArrayList<>();
        String after = null;
        while (true) {
          List<io.jointflow.spi.Entry> page = store.scan(prefix, after, 500);
          page.forEach(x -> keys.add(x.key()));
          if (page.size() < 500) {
            break;
          }
          after = page.get(page.size() - 1).key();
        }
        if (delete && !keys.isEmpty()) {
          store.deletePrefix(prefix);
        }
        found.add(new Leftovers(e.getKey(), List.copyOf(keys), delete));
      } catch (Exception x) {
        throw x instanceof RuntimeException r ? r
            : new io.jointflow.function.JointflowException("closing the state store of cloud '" + e.getKey() + "': " + x, x);
      }
    }
    return found;
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
