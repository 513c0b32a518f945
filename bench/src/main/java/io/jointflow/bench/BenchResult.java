package io.jointflow.bench;

import java.util.List;

/**
 * What one benchmark reports.
 *
 * @param name the name to select it with on the command line
 * @param title one line: what is measured
 * @param measures the numbers, baselines included
 * @param targets the targets and the verdicts
 * @param notes facts worth reading next to the numbers (parameters, verification, counters)
 * @param seconds wall time the benchmark took
 */
record BenchResult(String name, String title, List<Measure> measures, List<Target> targets,
    List<String> notes, double seconds) {}
