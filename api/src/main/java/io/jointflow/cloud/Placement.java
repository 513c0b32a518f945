package io.jointflow.cloud;

import io.jointflow.app.App;
import io.jointflow.app.BucketSpec;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.TriggerSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an app's functions run and where its records live, by Jointλ's rule (design, section 5):
 *
 * <ul>
 *   <li>a function runs on the clouds of its placement, or else of the app's: the primary first,
 *       then the failovers;
 *   <li>a function's output checkpoints and blobs live in its producer's cloud: the function's
 *       primary cloud ({@link #outputCloud});
 *   <li>a trigger's state lives in the cloud where most of its producers (the functions that emit
 *       into its bucket) have their primary, a tie going to the cloud of its target, the consumer
 *       ({@link #triggerStateCloud(App, TriggerSpec)}); or in the cloud the trigger names with
 *       {@link TriggerSpec#state()}.
 * </ul>
 *
 * <p>Pure: computed from the app alone, without a clouds file (which {@link Deployment#check}
 * checks the names against). An app without placement runs embedded and has an empty placement.
 *
 * @param functions every function's clouds, primary first, in definition order; empty for an
 *     embedded app
 * @param triggerState the cloud of each trigger's state, by bucket and trigger name; empty for an
 *     embedded app
 */
public record Placement(Map<String, List<String>> functions, Map<String, Map<String, String>> triggerState) {

  public Placement {
    Map<String, List<String>> f = new LinkedHashMap<>();
    functions.forEach((name, clouds) -> f.put(name, List.copyOf(clouds)));
    functions = Collections.unmodifiableMap(f);
    Map<String, Map<String, String>> t = new LinkedHashMap<>();
    triggerState.forEach((bucket, triggers) -> t.put(bucket, Collections.unmodifiableMap(new LinkedHashMap<>(triggers))));
    triggerState = Collections.unmodifiableMap(t);
  }

  /** The placement of every function and trigger state of an app. */
  public static Placement of(App app) {
    if (isEmbedded(app)) {
      return new Placement(Map.of(), Map.of());
    }
    Map<String, List<String>> functions = new LinkedHashMap<>();
    app.functions().values().forEach(f -> functions.put(f.name(), clouds(app, f)));
    Map<String, Map<String, String>> state = new LinkedHashMap<>();
    for (BucketSpec b : app.buckets().values()) {
      Map<String, String> triggers = new LinkedHashMap<>();
      b.triggers().forEach(t -> triggers.put(t.name(), stateCloud(app, t)));
      state.put(b.name(), triggers);
    }
    return new Placement(functions, state);
  }

  /**
   * The cloud that keeps a trigger's state: the one the trigger names ({@link TriggerSpec#state()}),
   * else the primary cloud of most of the functions that emit into its bucket; on a tie, the
   * primary cloud of its target if it is among the tied, else the tied cloud of the producer
   * defined first; with no producer, the target's. Empty for an embedded app.
   *
   * @throws IllegalArgumentException if the trigger is not one of the app's
   */
  public static Optional<String> triggerStateCloud(App app, TriggerSpec trigger) {
    BucketSpec bucket = app.bucket(trigger.bucket());
    if (bucket.triggers().stream().noneMatch(t -> t.name().equals(trigger.name()))) {
      throw new IllegalArgumentException("bucket '" + bucket.name() + "' of app '" + app.name()
          + "' has no trigger '" + trigger.name() + "'");
    }
    return isEmbedded(app) ? Optional.empty() : Optional.of(stateCloud(app, trigger));
  }

  /** True when the app runs embedded: no function and not the app name clouds. */
  public boolean isEmbedded() {
    return functions.isEmpty();
  }

  /**
   * A function's clouds, primary first; empty for an embedded app.
   *
   * @throws IllegalArgumentException for an unknown function
   */
  public List<String> clouds(String function) {
    List<String> clouds = functions.get(function);
    if (clouds == null && !isEmbedded()) {
      throw new IllegalArgumentException("function '" + function + "' is unknown (functions: "
          + String.join(", ", functions.keySet()) + ")");
    }
    return clouds == null ? List.of() : clouds;
  }

  /**
   * The cloud that keeps a function's output checkpoints and blobs: its primary.
   *
   * @throws IllegalArgumentException for an unknown function
   * @throws IllegalStateException for an embedded app, which has no clouds
   */
  public String outputCloud(String function) {
    List<String> clouds = clouds(function);
    if (clouds.isEmpty()) {
      throw new IllegalStateException("the app runs embedded: function '" + function + "' has no cloud");
    }
    return clouds.get(0);
  }

  /**
   * The cloud that keeps a trigger's state.
   *
   * @throws IllegalArgumentException for an unknown bucket or trigger
   * @throws IllegalStateException for an embedded app, which has no clouds
   */
  public String triggerState(String bucket, String trigger) {
    if (isEmbedded()) {
      throw new IllegalStateException("the app runs embedded: trigger '" + trigger + "' has no cloud");
    }
    Map<String, String> triggers = triggerState.get(bucket);
    String cloud = triggers == null ? null : triggers.get(trigger);
    if (cloud == null) {
      throw new IllegalArgumentException("bucket '" + bucket + "' has no trigger '" + trigger + "'");
    }
    return cloud;
  }

  private static boolean isEmbedded(App app) {
    return app.placement().isEmpty() && app.functions().values().stream().allMatch(f -> f.placement().isEmpty());
  }

  private static List<String> clouds(App app, FunctionSpec f) {
    return f.placement().isEmpty() ? app.placement() : f.placement();
  }

  private static String primary(App app, String function) {
    List<String> clouds = clouds(app, app.function(function));
    return clouds.isEmpty() ? null : clouds.get(0);
  }

  private static String stateCloud(App app, TriggerSpec trigger) {
    if (trigger.state() != null) {
      return trigger.state();
    }
    // Counted in definition order, so a tie without the consumer goes to the first producer's cloud.
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (FunctionSpec f : app.functions().values()) {
      if (f.outputs().contains(trigger.bucket())) {
        votes.merge(primary(app, f.name()), 1, Integer::sum);
      }
    }
    String consumer = primary(app, trigger.target());
    int most = votes.values().stream().max(Integer::compare).orElse(0);
    if (most == 0 || votes.getOrDefault(consumer, 0) == most) {
      return consumer;
    }
    return votes.entrySet().stream().filter(e -> e.getValue() == most).findFirst().orElseThrow().getKey();
  }
}
