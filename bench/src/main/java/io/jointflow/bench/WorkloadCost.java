package io.jointflow.bench;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Prices;
import io.jointflow.cloud.Profile;
import java.time.Duration;

/**
 * The Jointλ paper's cost model (Table 3), per run, in USD: function execution and invocation at
 * the clouds' list prices; datastore reads and writes at USD 0.285 and 1.4269 per million; a
 * managed orchestrator at USD 25 per million state transitions; a VM-hosted orchestrator as
 * {@code unit_price x T / N} per run with an m6g.2xlarge orchestrator (0.396 $/h) and an m6g.large
 * database (0.099 $/h), {@code T} the makespan and {@code N = 2} concurrent runs; and Jointflow
 * with its stores on such database VMs (the paper's Jointλ-VM). Egress is left out, as in the paper.
 */
final class WorkloadCost {
  static final double PER_TRANSITION = 25.0 / 1_000_000;
  static final double ORCHESTRATOR_VM_PER_HOUR = 0.396;
  static final double DATABASE_VM_PER_HOUR = 0.099;
  static final int VM_CONCURRENT_RUNS = 2;

  private final Clouds clouds;

  WorkloadCost(Clouds clouds) {
    this.clouds = clouds;
  }

  /** The size a function runs with: its profile in that cloud, else the cloud's default. */
  Profile size(String cloud, String profile) {
    CloudSpec spec = clouds.cloud(cloud);
    return profile != null && spec.profiles().containsKey(profile) ? spec.profile(profile)
        : Profile.of("default", spec.limits().memory()).withVcpus(spec.limits().vcpus());
  }

  /** One invocation that ran {@code ran} with that size in {@code cloud}: execution and request. */
  double invocation(String cloud, String profile, Duration ran) {
    return clouds.cloud(cloud).prices().cost(ran, size(cloud, profile)).doubleValue();
  }

  /** Execution only (no request), for time a function instance spends waiting inside the runtime. */
  double execution(String cloud, String profile, Duration ran) {
    Prices p = clouds.cloud(cloud).prices();
    Profile s = size(cloud, profile);
    double vcpus = s.vcpus() > 0 ? s.vcpus() : clouds.cloud(cloud).limits().vcpus();
    double gb = 1024.0 * 1024 * 1024;
    double perSecond = s.memory() / gb * p.perGbSecond().doubleValue() + vcpus * p.perVcpuSecond().doubleValue()
        + s.gpuMemory() / gb * p.perGpuGbSecond().doubleValue();
    return ran.toNanos() / 1e9 * perSecond;
  }

  /** Datastore operations, at the cloud's read and write prices. */
  double datastore(String cloud, double reads, double writes) {
    Prices p = clouds.cloud(cloud).prices();
    return (reads * p.perMillionReads().doubleValue() + writes * p.perMillionWrites().doubleValue()) / 1_000_000;
  }

  /** A managed orchestrator's charge for {@code transitions} state transitions. */
  static double managed(double transitions) {
    return transitions * PER_TRANSITION;
  }

  /** A VM-hosted orchestrator and database for one run of makespan {@code nanos}. */
  static double vmHosted(double nanos) {
    return (ORCHESTRATOR_VM_PER_HOUR + DATABASE_VM_PER_HOUR) * nanos / 3.6e12 / VM_CONCURRENT_RUNS;
  }

  /**
   * Jointflow's state stores on VMs instead of a per-request datastore, the paper's Jointλ-VM row:
   * one m6g.large database per cloud (the paper's one, for each of {@code clouds}) for one run of
   * makespan {@code nanos}; no orchestrator VM.
   */
  static double vmDatastore(double nanos, int clouds) {
    return DATABASE_VM_PER_HOUR * clouds * nanos / 3.6e12 / VM_CONCURRENT_RUNS;
  }
}
