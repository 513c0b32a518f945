/**
 * Test support for Jointflow implementations and applications: abstract contract suites that every
 * {@link io.jointflow.spi.StateStore} and {@link io.jointflow.spi.BlobStore} implementation
 * subclasses ({@link io.jointflow.testkit.StateStoreContract}, {@link
 * io.jointflow.testkit.BlobStoreContract}), and {@link io.jointflow.testkit.ManualEnvironment}, an
 * {@link io.jointflow.spi.Environment} whose clock only moves when a test advances it, so that
 * timers fire deterministically and runs reproduce from a seed. Tests that wait for work on real
 * threads wait on the condition with {@link io.jointflow.testkit.Await}, whose only deadline is a
 * guard against hangs. {@link io.jointflow.testkit.RedisServer} starts a {@code redis-server} of a
 * test's own (free loopback port, temporary directory, append-only file synced per write) and
 * kills or restarts it, for stores and multi-process tests on Redis.
 */
package io.jointflow.testkit;
