/**
 * The function-side runtime: {@link io.jointflow.core.Jointflow} embeds it in one JVM. Each
 * invocation runs through the wrapper (output checkpoint or handler, trigger evaluation, dispatch
 * with invocation checkpoints), triggers keep their state in ordered sets of the state store, the
 * local backend runs functions on virtual threads with a zero-copy fast path, and a sweeper in every
 * host re-invokes what a crash lost and collects finished runs.
 */
package io.jointflow.core;
