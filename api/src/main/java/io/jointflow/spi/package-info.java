/**
 * The Backend-Shim: the three interfaces every cloud is reached through — {@link
 * io.jointflow.spi.ComputeBackend}, {@link io.jointflow.spi.StateStore} and {@link
 * io.jointflow.spi.BlobStore} — with the {@link io.jointflow.spi.Envelope} passed between functions
 * and the {@link io.jointflow.spi.Environment} that injects time, threads and randomness. Each
 * interface states its contract as rules that the testkit's contract suites check.
 */
package io.jointflow.spi;
