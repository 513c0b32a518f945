package io.jointflow.cloud;

import io.jointflow.app.Names;

/**
 * A named function size in one cloud, e.g. {@code cpu-512} or a GPU configuration. A function
 * picks one with {@code profile:}; emulation runs it with that memory and billing charges the size
 * at the cloud's prices. Emulation does not apply {@link #speedup()}: the placement planner and
 * NebulaFL's container types use it.
 *
 * @param name unique within the cloud
 * @param memory memory in bytes
 * @param vcpus vCPUs; 0 for the cloud's default ({@link Limits#vcpus()})
 * @param gpu the GPU type (e.g. {@code T4}, {@code A10}), or {@code null} for none
 * @param gpuMemory GPU memory in bytes; 0 exactly when there is no GPU
 * @param speedup how many times faster than a local run a function runs with this profile (Jointλ,
 *     Fig. 1: BERT on a GPU function up to 7x faster at batch 2, 15x at batch 4, than on CPU);
 *     the planner scales measured times between clouds by it; emulation does not apply it
 * @throws InvalidCloudsException listing every problem, at the profile's key ({@code gpu-memory})
 */
public record Profile(String name, long memory, double vcpus, String gpu, long gpuMemory, double speedup) {
  public Profile {
    Check check = new Check();
    String what = "profile '" + name + "'";
    if (!Names.isValidName(name)) {
      check.add("", "profile name '" + name + "' is invalid: " + Names.NAME_RULE);
    }
    if (memory < Sizes.MB) {
      check.add("memory", what + " memory must be at least 1MB: " + Sizes.format(memory));
    }
    if (!(vcpus >= 0) || Double.isInfinite(vcpus)) {
      check.add("vcpus", what + " vcpus must be a number >= 0: " + vcpus);
    }
    if (gpu != null && gpu.isBlank()) {
      check.add("gpu", what + " gpu must name a GPU type like T4 or A10: '" + gpu + "'");
    }
    if (gpu != null && gpuMemory <= 0) {
      check.add("gpu-memory", what + " has gpu '" + gpu + "' but no gpu-memory (e.g. 8GB)");
    } else if (gpu == null && gpuMemory != 0) {
      check.add("gpu", what + " has gpu-memory " + Sizes.format(gpuMemory) + " but no gpu type");
    }
    if (!(speedup > 0) || Double.isInfinite(speedup)) {
      check.add("speedup", what + " speedup must be a number > 0 (1 = as fast as a local run): " + speedup);
    }
    check.throwIfAny();
  }

  /** A CPU profile: that memory, the cloud's default vCPUs, no GPU, speedup 1. */
  public static Profile of(String name, long memory) {
    return new Profile(name, memory, 0, null, 0, 1.0);
  }

  /** This profile with that many vCPUs. */
  public Profile withVcpus(double vcpus) {
    return new Profile(name, memory, vcpus, gpu, gpuMemory, speedup);
  }

  /** This profile with a GPU of that type and memory (bytes). */
  public Profile withGpu(String type, long gpuMemory) {
    return new Profile(name, memory, vcpus, type, gpuMemory, speedup);
  }

  /** This profile with that speedup over a local run. */
  public Profile withSpeedup(double speedup) {
    return new Profile(name, memory, vcpus, gpu, gpuMemory, speedup);
  }
}
