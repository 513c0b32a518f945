/**
 * Jointλ's four evaluation workloads as Jointflow apps on two emulated clouds ({@link
 * io.jointflow.examples.workloads.Workloads}), what a placement planner reads about them ({@link
 * io.jointflow.examples.workloads.Workload}), and the per-cloud durations their handlers emulate
 * ({@link io.jointflow.examples.workloads.EmulatedTime}).
 */
package io.jointflow.examples.workloads;
