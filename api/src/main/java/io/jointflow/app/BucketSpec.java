package io.jointflow.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A named container of objects with its triggers.
 *
 * @param name unique within the app
 * @param triggers evaluated in this order for every arriving object
 */
public record BucketSpec(String name, List<TriggerSpec> triggers) {
  public BucketSpec {
    triggers = List.copyOf(triggers);
  }

  /** Builds a bucket inside {@link App.Builder#bucket}. */
  public static final class Builder {
    private final String name;
    private final List<TriggerSpec> triggers = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }

    /** Adds a trigger; {@code spec} sets at least its target and type. */
    public Builder trigger(String triggerName, Consumer<TriggerSpec.Builder> spec) {
      var b = new TriggerSpec.Builder(triggerName, name);
      spec.accept(b);
      triggers.add(b.build());
      return this;
    }

    /** Adds a trigger with the default scope and no condition. */
    public Builder trigger(String triggerName, Trigger type, String target) {
      return trigger(triggerName, t -> t.type(type).target(target));
    }

    BucketSpec build() {
      return new BucketSpec(name, triggers);
    }
  }
}
