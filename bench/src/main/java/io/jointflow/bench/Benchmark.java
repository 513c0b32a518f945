package io.jointflow.bench;

/** One benchmark program: warms up, measures, compares with its baseline, checks its targets. */
interface Benchmark {
  /** Short name, used on the command line. */
  String name();

  /** Runs the benchmark; throws if the runtime produced a wrong result. */
  BenchResult run(BenchConfig config) throws Exception;
}
