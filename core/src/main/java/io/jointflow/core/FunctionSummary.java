package io.jointflow.core;

import java.time.Duration;

/**
 * What one function did in a run.
 *
 * @param function the function
 * @param instances completed instances (each counted once, whatever its attempts)
 * @param time total handler time of those instances
 * @param bytesIn bytes of their inputs
 * @param bytesOut bytes of the objects they emitted
 */
public record FunctionSummary(String function, long instances, Duration time, long bytesIn, long bytesOut) {}
