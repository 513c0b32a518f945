/**
 * The wire between hosts: a {@link io.jointflow.worker.WorkerServer} accepts signed invocations for
 * its functions over HTTP and hands them to its host; a {@link io.jointflow.worker.WorkerBackend} is
 * the compute backend that sends them; a {@link io.jointflow.worker.RequestSigner} signs and
 * verifies every request with a shared {@link io.jointflow.worker.SigningKey} (HMAC-SHA256, replay
 * window, nonces). Envelopes travel as JSON with objects inline or as blob references. The protocol
 * is described in {@code docs/worker-protocol.md}.
 */
package io.jointflow.worker;
