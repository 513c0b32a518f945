package io.jointflow.app;

import io.jointflow.function.Handler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function of an app.
 *
 * @param name unique within the app
 * @param handler the handler instance, or {@code null} when {@code handlerClass} names it
 * @param handlerClass a class implementing {@link Handler} with a public no-argument constructor, or
 *     {@code null} when {@code handler} is given
 * @param outputs the buckets it may emit into
 * @param concurrency the most instances running at once on one host
 * @param maxAttempts executions before a failing instance fails the run (1 = no retry)
 * @param timeout how long one execution may take before it counts as lost and is re-invoked
 * @param config free-form settings passed to the handler through {@link io.jointflow.function.Call#config()}
 * @param placement the clouds it runs on, primary first, then failovers in order; empty to use the
 *     app's {@link App#placement()}
 * @param profile the name of a function profile (memory, GPU) of its primary cloud, or {@code null}
 *     for the cloud's default size; needs a placement
 */
public record FunctionSpec(String name, Handler handler, String handlerClass, List<String> outputs,
    int concurrency, int maxAttempts, Duration timeout, Map<String, String> config,
    List<String> placement, String profile) {

  /** Default {@link #concurrency()}. */
  public static final int DEFAULT_CONCURRENCY = 1000;
  /** Default {@link #maxAttempts()}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Default {@link #timeout()}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public FunctionSpec {
    outputs = List.copyOf(outputs);
    config = Map.copyOf(config);
    placement = List.copyOf(placement);
  }

  /** Builds a function inside {@link App.Builder#function}. */
  public static final class Builder {
    private final String name;
    private Handler handler;
    private String handlerClass;
    private List<String> outputs = List.of();
    private int concurrency = DEFAULT_CONCURRENCY;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private final Map<String, String> config = new LinkedHashMap<>();
    private List<String> placement = List.of();
    private String profile;

    Builder(String name) {
      this.name = name;
    }

    /** The handler instance. */
    public Builder handler(Handler handler) {
      this.handler = handler;
      return this;
    }

    /** The handler's class name, loaded when the app is deployed. */
    public Builder handlerClass(String className) {
      this.handlerClass = className;
      return this;
    }

    /** The buckets the function emits into. */
    public Builder outputs(String... buckets) {
      this.outputs = List.of(buckets);
      return this;
    }

    /** The most instances running at once on one host. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** Executions before a failure is final (1 = no retry). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** How long one execution may take. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** A configuration entry. */
    public Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    /**
     * The clouds the function runs on: the primary first, then the failovers in the order they are
     * tried. Without it the function uses the app's placement ({@link App.Builder#placement}).
     */
    public Builder placement(String... clouds) {
      this.placement = List.of(clouds);
      return this;
    }

    /** A function profile of the primary cloud (e.g. {@code gpu-t4-8g}); default: the cloud's default size. */
    public Builder profile(String profile) {
      this.profile = profile;
      return this;
    }

    FunctionSpec build() {
      return new FunctionSpec(name, handler, handlerClass, outputs, concurrency, maxAttempts,
          timeout, config, placement, profile);
    }
  }
}
