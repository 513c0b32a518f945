/**
 * Test support for Jointflow implementations and applications: abstract contract suites that every
 * {@link io.jointflow.spi.StateStore} and {@link io.jointflow.spi.BlobStore} implementation
 * subclasses ({@link io.jointflow.testkit.StateStoreContract}, {@link
 * io.jointflow.testkit.BlobStoreContract}), and {@link io.jointflow.testkit.ManualEnvironment}, an
 * {@link io.jointflow.spi.Environment} whose clock only moves when a test advances it, so that
 * timers fire deterministically and runs reproduce from a seed.
 */
package io.jointflow.testkit;
