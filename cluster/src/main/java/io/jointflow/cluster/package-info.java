/**
 * A Jointflow cluster on one machine: one worker process per cloud of a {@code clouds.yaml}, and a
 * token-protected {@link io.jointflow.cluster.Gateway} that starts runs, follows them and reports
 * their result, spans and cost; {@link io.jointflow.cluster.ClusterSupervisor} starts, checks and
 * stops them, with {@code --netns} each worker in a network namespace of its own on a bridge;
 * {@link io.jointflow.cluster.GatewayClient} is what {@code jointflow run --cluster} uses.
 */
package io.jointflow.cluster;
