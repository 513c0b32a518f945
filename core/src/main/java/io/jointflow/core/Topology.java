package io.jointflow.core;

import io.jointflow.app.FunctionSpec;
import io.jointflow.app.TriggerSpec;
import io.jointflow.cloud.Placement;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.BlobStore;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.StateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clouds a host reaches (DESIGN sections 5 and 6), each with its compute backend, state store
 * and blob store, and the rules that say where each record lives:
 *
 * <ul>
 *   <li>an instance's output checkpoint, and the blobs it spills, in its function's home cloud (the
 *       first of its placement), whichever cloud it ran on after a failover, so that there is one
 *       decision per instance;
 *   <li>the invocation records a step writes for its successors (their pending records), with its
 *       checkpoint in the same home store, so that one atomic batch holds both; an envelope names
 *       that cloud as its {@code origin};
 *   <li>trigger state where the trigger names, else where most of its producers are placed
 *       ({@link Placement#triggerStateCloud});
 *   <li>a run's record in its entry function's home cloud.
 * </ul>
 *
 * <p>An app without placement runs in the local cloud, which is all there is when Jointflow is
 * embedded. Thread safe.
 */
final class Topology {
  /** The name of the one cloud of an embedded host. */
  static final String LOCAL = "local";

  /**
   * One cloud as the runtime reaches it.
   *
   * @param name its name in {@code clouds.yaml}
   * @param backend where its functions run
   * @param state its state store
   * @param blobs its blob store
   * @param spec its {@code clouds.yaml} entry (prices, limits, profiles), or {@code null} when the
   *     host was configured without one (then nothing is priced)
   */
  record Cloud(String name, ComputeBackend backend, StateStore state, BlobStore blobs,
      io.jointflow.cloud.CloudSpec spec) {}

  private final Map<String, Cloud> clouds;
  private final Cloud local;
  private final Map<String, Cloud> stateClouds = new ConcurrentHashMap<>();

  Topology(List<Cloud> clouds, String local) {
    Map<String, Cloud> byName = new LinkedHashMap<>();
    for (Cloud c : clouds) {
      if (byName.put(c.name(), c) != null) {
        throw new JointflowException("cloud '" + c.name() + "' is defined twice");
      }
    }
    if (!byName.containsKey(local)) {
      throw new JointflowException("cloud '" + local + "' of this host is not among the clouds " + byName.keySet());
    }
    this.clouds = Map.copyOf(byName);
    this.local = byName.get(local);
  }

  /** The cloud this host belongs to: unplaced functions run there and unplaced records live there. */
  Cloud local() {
    return local;
  }

  /** Every cloud, in no particular order. */
  Collection<Cloud> all() {
    return clouds.values();
  }

  /** The cloud named {@code name}; the local cloud for {@code null}. */
  Cloud cloud(String name) {
    if (name == null) {
      return local;
    }
    Cloud c = clouds.get(name);
    if (c == null) {
      throw new JointflowException("cloud '" + name + "' is unknown here (known: " + clouds.keySet() + ")");
    }
    return c;
  }

  /** The state store of the cloud whose records an envelope or pending record names ({@code null}: local). */
  StateStore stateOf(String cloud) {
    return cloud(cloud).state();
  }

  /** Where {@code function} runs: its placement (primary first), or the local cloud. */
  List<Cloud> placement(AppRuntime app, String function) {
    FunctionSpec f = app.function(function);
    List<String> names = f == null || !multiCloud() ? List.of() : app.placement(function);
    if (names.isEmpty()) {
      return List.of(local); // one cloud (embedded): a placed app runs there as a whole
    }
    List<Cloud> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(cloud(n));
    }
    return out;
  }

  /** The home cloud of {@code function}: the first of its placement. */
  Cloud home(AppRuntime app, String function) {
    return placement(app, function).get(0);
  }

  /** The cloud that holds a run's record: its entry function's home. */
  Cloud runHome(AppRuntime app) {
    return home(app, app.app().entry());
  }

  /**
   * The cloud that holds a trigger's state: the one the trigger names, else the home cloud of most
   * of the functions that emit into its bucket, by {@link Placement#triggerStateCloud} (the rule
   * the planner and the docs use too); the local cloud for an app that runs embedded.
   */
  Cloud triggerState(AppRuntime app, TriggerSpec t) {
    return stateClouds.computeIfAbsent(app.name() + "/" + t.bucket() + "/" + t.name(), k -> {
      if (!multiCloud()) {
        return local;
      }
      return Placement.triggerStateCloud(app.app(), t).map(this::cloud).orElseGet(() -> home(app, t.target()));
    });
  }

  /** Forgets the trigger-state clouds worked out for app {@code app}, which is being (re)deployed. */
  void forget(String app) {
    stateClouds.keySet().removeIf(k -> k.startsWith(app + "/"));
  }

  /**
   * The blob store an object reference names: a cloud's name, or (records written before clouds
   * had names) the name of a blob store implementation, which means the local cloud's.
   */
  BlobStore blobs(String store) {
    Cloud c = store == null ? null : clouds.get(store);
    return c != null ? c.blobs() : local.blobs();
  }

  /** Whether several clouds are configured (records may live in different stores). */
  boolean multiCloud() {
    return clouds.size() > 1;
  }
}
