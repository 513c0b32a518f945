/**
 * Centralized peers of Jointflow, for the workloads benchmark: {@link io.jointflow.peers.TemporalPeer}
 * runs an app's functions from one orchestrator (Temporal's Java SDK on its in-process test server)
 * over the same emulated network, with the same handlers. Used by tests and the bench only.
 */
package io.jointflow.peers;
