package io.jointflow.fl;

/**
 * A failure injected into a federated run, in emulated time units.
 */
public sealed interface Fault {
  /** Jobs of {@code owner} ending in {@code [from, to)} crash on every attempt (the owner is gone). */
  record OwnerDown(int owner, double from, double to) implements Fault {}

  /** Everything of data center {@code dc} fails in {@code [from, to)}: jobs, merges, rotations. */
  record DataCenterDown(int dc, double from, double to) implements Fault {}

  /** The aggregator of {@code dc} crashes once, after merging the first update it sees, before returning. */
  record AggregatorCrashOnce(int dc) implements Fault {}

  /** The host of {@code owner}'s container flips a byte of every update it sends. */
  record Tamper(int owner) implements Fault {}

  /** {@code owner} runs a training function that is not on the allow-list. */
  record Unattested(int owner) implements Fault {}
}
