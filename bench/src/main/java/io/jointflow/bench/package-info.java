/**
 * Benchmarks of the embedded runtime, as programs rather than timed tests: each benchmark warms up,
 * measures many iterations with {@link System#nanoTime()}, reports medians and p99 against a
 * baseline measured in the same run on the same machine (a bare virtual-thread hand-off, a bare
 * SQLite commit, a bare 1 MB memcpy, ...), and checks the targets of the performance issue. Entry
 * point: {@link io.jointflow.bench.BenchMain}, normally through {@code bench/run.sh}.
 */
package io.jointflow.bench;
