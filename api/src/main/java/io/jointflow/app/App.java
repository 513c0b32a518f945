package io.jointflow.app;

import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A deployable workflow: functions, buckets and their triggers, the entry and result functions and
 * the execution mode. Immutable; built by {@link #builder(String)} or a YAML/JSON loader, and always
 * valid: {@link Builder#build()} rejects a definition with any problem.
 *
 * <p>A run starts by invoking {@link #entry()} with the run's input objects. The run succeeds when
 * {@link #result()} completes; its return value is the run's result.
 */
public final class App {
  private final String name;
  private final Mode mode;
  private final String entry;
  private final String result;
  private final Map<String, FunctionSpec> functions;
  private final Map<String, BucketSpec> buckets;
  private final List<String> placement;

  App(String name, Mode mode, String entry, String result, Map<String, FunctionSpec> functions,
      Map<String, BucketSpec> buckets, List<String> placement) {
    this.name = name;
    this.mode = mode;
    this.entry = entry;
    this.result = result;
    this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    this.buckets = Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
    this.placement = List.copyOf(placement);
  }

  /** Starts a definition. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The app name. */
  public String name() {
    return name;
  }

  /** Exactly-once (default) or ephemeral. */
  public Mode mode() {
    return mode;
  }

  /** The function a run starts with. */
  public String entry() {
    return entry;
  }

  /** The function whose completion ends a run with its return value as the result. */
  public String result() {
    return result;
  }

  /** Functions by name, in definition order. */
  public Map<String, FunctionSpec> functions() {
    return functions;
  }

  /** Buckets by name, in definition order. */
  public Map<String, BucketSpec> buckets() {
    return buckets;
  }

  /**
   * The default placement of functions that name none: clouds, primary first, then failovers.
   * Empty, with no function naming clouds either, for an app that runs embedded (one process,
   * no clouds). {@code io.jointflow.cloud.Placement.of(app)} gives every function's clouds.
   */
  public List<String> placement() {
    return placement;
  }

  /**
   * The function with that name.
   *
   * @throws IllegalArgumentException naming the app's functions
   */
  public FunctionSpec function(String function) {
    FunctionSpec f = functions.get(function);
    if (f == null) {
      throw new IllegalArgumentException("app '" + name + "' has no function '" + function
          + "' (functions: " + String.join(", ", functions.keySet()) + ")");
    }
    return f;
  }

  /**
   * The bucket with that name.
   *
   * @throws IllegalArgumentException naming the app's buckets
   */
  public BucketSpec bucket(String bucket) {
    BucketSpec b = buckets.get(bucket);
    if (b == null) {
      throw new IllegalArgumentException("app '" + name + "' has no bucket '" + bucket
          + "' (buckets: " + String.join(", ", buckets.keySet()) + ")");
    }
    return b;
  }

  /** Every trigger of every bucket. */
  public List<TriggerSpec> triggers() {
    List<TriggerSpec> all = new ArrayList<>();
    buckets.values().forEach(b -> all.addAll(b.triggers()));
    return all;
  }

  @Override
  public String toString() {
    return "App[" + name + ", " + mode.configName() + ", functions=" + functions.keySet()
        + ", buckets=" + buckets.keySet() + "]";
  }

  /** Collects a definition and validates it as a whole in {@link #build()}. Not thread safe. */
  public static final class Builder {
    private final String name;
    private Mode mode = Mode.EXACTLY_ONCE;
    private String entry;
    private String result;
    private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
    private final Map<String, BucketSpec> buckets = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private List<String> placement = List.of();

    Builder(String name) {
      this.name = name;
    }

    /** Exactly-once (default) or ephemeral. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The function a run starts with; default: the only function no trigger targets. */
    public Builder entry(String function) {
      this.entry = function;
      return this;
    }

    /** The function that ends a run; default: the only function without outputs. */
    public Builder result(String function) {
      this.result = function;
      return this;
    }

    /**
     * The clouds of every function that names none ({@link FunctionSpec.Builder#placement}): the
     * primary first, then the failovers in the order they are tried. Default: none, so the app
     * runs embedded unless its functions name clouds.
     */
    public Builder placement(String... clouds) {
      this.placement = List.of(clouds);
      return this;
    }

    /** Adds a function given by a handler and the buckets it emits into. */
    public Builder function(String function, Handler handler, String... outputs) {
      return functionSpec(function, f -> f.handler(handler).outputs(outputs));
    }

    /**
     * Adds a function with options; {@code spec} sets the handler (or handler class), the outputs
     * and options such as concurrency and max-attempts.
     */
    public Builder functionSpec(String function, Consumer<FunctionSpec.Builder> spec) {
      var b = new FunctionSpec.Builder(function);
      try {
        spec.accept(b);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem("functions." + function, e.getMessage()));
        return this;
      }
      if (functions.putIfAbsent(function, b.build()) != null) {
        problems.add(new Problem("functions." + function, "function '" + function + "' is defined twice"));
      }
      return this;
    }

    /** Adds a bucket without triggers (a sink). */
    public Builder bucket(String bucket) {
      return bucket(bucket, b -> {});
    }

    /** Adds a bucket; {@code spec} adds its triggers. */
    public Builder bucket(String bucket, Consumer<BucketSpec.Builder> spec) {
      var b = new BucketSpec.Builder(bucket);
      try {
        spec.accept(b);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem("buckets." + bucket, e.getMessage()));
        return this;
      }
      if (buckets.putIfAbsent(bucket, b.build()) != null) {
        problems.add(new Problem("buckets." + bucket, "bucket '" + bucket + "' is defined twice"));
      }
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidAppException listing every problem: unknown functions or buckets, a cycle
     *     without a bound, duplicate names, a missing entry or result, bad parameters, a bad
     *     placement (which clouds exist is checked against a clouds file by
     *     {@code io.jointflow.cloud.Deployment.check})
     */
    public App build() {
      List<Problem> all = new ArrayList<>(problems);
      AppValidator v = new AppValidator(name, mode, entry, result, functions, buckets, placement);
      all.addAll(v.problems());
      if (!all.isEmpty()) {
        throw new InvalidAppException(String.valueOf(name), all);
      }
      return new App(name, mode, v.entry(), v.result(), functions, buckets, placement);
    }
  }
}
