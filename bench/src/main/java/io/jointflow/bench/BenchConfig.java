package io.jointflow.bench;

import java.nio.file.Path;

/**
 * Parameters shared by all benchmarks.
 *
 * @param scale multiplies every iteration count (1 = the full run; tests use less); benchmarks are
 *     sized by counts of runs and operations, never by time, so any scale completes on any machine
 * @param fanOutWidth functions in the fan-out benchmark (Pheromone's parallel workload: 4000)
 * @param examples the directory holding {@code chain.yaml}
 * @param tmp where exactly-once benchmarks create their SQLite files
 * @param out where the report goes; benchmarks may put files of their own beside it (charts)
 * @param stamp the report's file name prefix, e.g. {@code 20261203-101500}
 * @param workloads the workloads the {@code workloads} and {@code placement} benchmarks run, by
 *     name; empty for all of them
 */
record BenchConfig(double scale, int fanOutWidth, Path examples, Path tmp, Path out, String stamp,
    java.util.List<String> workloads) {

  BenchConfig(double scale, int fanOutWidth, Path examples, Path tmp, Path out, String stamp) {
    this(scale, fanOutWidth, examples, tmp, out, stamp, java.util.List.of());
  }

  BenchConfig {
    workloads = java.util.List.copyOf(workloads);
    if (scale <= 0) {
      throw new IllegalArgumentException("bench option 'scale' must be > 0: " + scale);
    }
    if (fanOutWidth < 1) {
      throw new IllegalArgumentException("bench option 'fan-out' must be >= 1: " + fanOutWidth);
    }
  }

  /** This with the counts multiplied by {@code factor} as well. */
  BenchConfig scaled(double factor) {
    return new BenchConfig(scale * factor, fanOutWidth, examples, tmp, out, stamp, workloads);
  }

  /** The workloads to run: the named ones, in their order in {@code Workloads.all()}, or all. */
  java.util.List<io.jointflow.examples.workloads.Workload> selectedWorkloads() {
    var all = io.jointflow.examples.workloads.Workloads.all();
    return workloads.isEmpty() ? all : all.stream().filter(w -> workloads.contains(w.name())).toList();
  }

  /** {@code full} scaled, at least {@code min}. */
  int count(int full, int min) {
    return Math.max(min, (int) Math.round(full * scale));
  }
}
