package io.jointflow.fl;

/**
 * A data owner: its data center, the indices of its samples in the training set, and its time per
 * sample at speed 1 (hidden from schedulers, which learn it from observed durations).
 */
record Owner(int id, int dc, int[] samples, double timeUnit) {}
