package io.jointflow.peers;

/**
 * One function invocation made by the peer, as measured by its activity.
 *
 * @param handlerNanos how long the handler ran (its emulated duration included)
 * @param networkNanos the emulated network delay of the request and the response
 * @param bytesIn the sizes of its inputs, sent from the orchestrator to the function's cloud
 * @param bytesOut the sizes of what it emitted and returned, sent back to the orchestrator
 * @param endedNanos {@link System#nanoTime()} when its handler returned
 */
public record Invocation(String runId, String function, String cloud, long handlerNanos, long networkNanos,
    long bytesIn, long bytesOut, long endedNanos) {}
