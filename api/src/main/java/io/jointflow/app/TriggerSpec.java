package io.jointflow.app;

import java.time.Duration;
import java.util.Objects;

/**
 * A trigger on a bucket: when arrivals satisfy {@link #type()}, invoke {@link #target()}.
 *
 * @param name unique within its bucket
 * @param bucket the bucket it watches
 * @param target the function it invokes
 * @param type the primitive and its parameters
 * @param scope {@link Scope#RUN} (default) or {@link Scope#GLOBAL}
 * @param when a condition on object metadata, or {@code null}: objects that fail it are ignored
 * @param rerun an ephemeral-mode re-execution hint, or {@code null}
 * @param maxFires the most times the trigger may fire in one run, 0 for no limit; a cycle needs one
 * @param state the cloud that keeps the trigger's state, or {@code null} for the placement rule's
 *     choice (where most of its producers run; see {@code io.jointflow.cloud.Placement})
 */
public record TriggerSpec(String name, String bucket, String target, Trigger type, Scope scope,
    Condition when, RerunHint rerun, int maxFires, String state) {

  /** A trigger whose state goes where the placement rule puts it. */
  public TriggerSpec(String name, String bucket, String target, Trigger type, Scope scope,
      Condition when, RerunHint rerun, int maxFires) {
    this(name, bucket, target, type, scope, when, rerun, maxFires, null);
  }

  public TriggerSpec {
    Objects.requireNonNull(type, "trigger type");
    Objects.requireNonNull(scope, "scope");
    if (maxFires < 0) {
      throw new IllegalArgumentException("trigger '" + name + "' max-fires must be >= 0: " + maxFires);
    }
  }

  /** Builds one trigger inside {@link BucketSpec.Builder#trigger}. */
  public static final class Builder {
    private final String name;
    private final String bucket;
    private String target;
    private Trigger type;
    private Scope scope = Scope.RUN;
    private Condition when;
    private RerunHint rerun;
    private int maxFires;
    private String state;

    Builder(String name, String bucket) {
      this.name = name;
      this.bucket = bucket;
    }

    /** The function to invoke. */
    public Builder target(String function) {
      this.target = function;
      return this;
    }

    /** The primitive, e.g. {@code Trigger.byBatchSize(4)}. */
    public Builder type(Trigger type) {
      this.type = type;
      return this;
    }

    /** Shorthand for {@code type(Trigger.immediate())}. */
    public Builder immediate() {
      return type(Trigger.immediate());
    }

    /** State shared across runs instead of per run. */
    public Builder global() {
      return scope(Scope.GLOBAL);
    }

    /** The scope. */
    public Builder scope(Scope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** Only objects for which the condition holds count; see {@link Condition}. */
    public Builder when(String condition) {
      this.when = Condition.parse(condition);
      return this;
    }

    /** An ephemeral-mode re-execution hint. */
    public Builder rerun(String sourceFunction, Duration timeout) {
      this.rerun = new RerunHint(sourceFunction, timeout);
      return this;
    }

    /** The most firings per run; bounds a cycle. */
    public Builder maxFires(int maxFires) {
      this.maxFires = maxFires;
      return this;
    }

    /**
     * The cloud that keeps the trigger's state, instead of the one where most of its producers run:
     * on a cross-cloud join, the cloud of the producer that usually arrives last saves that producer
     * a cross-cloud round trip on the critical path. {@code null} restores the rule.
     */
    public Builder state(String cloud) {
      this.state = cloud;
      return this;
    }

    TriggerSpec build() {
      if (type == null) {
        throw new IllegalArgumentException("trigger '" + name + "' on bucket '" + bucket
            + "' has no type; valid: " + String.join(", ", Trigger.TYPE_NAMES));
      }
      return new TriggerSpec(name, bucket, target, type, scope, when, rerun, maxFires, state);
    }
  }
}
