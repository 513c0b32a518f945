package io.jointflow.core;

import io.jointflow.app.FunctionSpec;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Profile;
import java.time.Duration;

/** What one execution costs on its cloud: its size, billed duration and price (Jointλ's FaaS cost). */
final class Pricing {
  private Pricing() {}

  /** An execution's size in bytes of memory, billed nanoseconds and cost in the cloud's currency. */
  record Billed(long memory, long nanos, double cost) {
    static final Billed NONE = new Billed(0, 0, 0);
  }

  /** The bill of {@code fn} having run {@code nanos} on a cloud with {@code spec} (none without one). */
  static Billed of(CloudSpec spec, FunctionSpec fn, long nanos) {
    if (spec == null) {
      return Billed.NONE;
    }
    Profile size = fn.profile() != null && spec.profiles().containsKey(fn.profile())
        ? spec.profile(fn.profile())
        : Profile.of("default", spec.limits().memory()).withVcpus(spec.limits().vcpus());
    Duration ran = Duration.ofNanos(nanos);
    return new Billed(size.memory(), spec.prices().billed(ran).toNanos(), spec.prices().cost(ran, size).doubleValue());
  }
}
