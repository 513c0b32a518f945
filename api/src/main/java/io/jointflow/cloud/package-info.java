/**
 * The clouds a deployment spans and where an app runs on them: {@link io.jointflow.cloud.Clouds}
 * (a {@code clouds.yaml} file: each cloud's compute, stores, prices, limits and function profiles,
 * the network between the clouds, faults to inject, request signing), {@link
 * io.jointflow.cloud.Deployment} (an app's placement checked against them) and {@link
 * io.jointflow.cloud.Placement} (which cloud runs each function and keeps each record). Every value
 * is validated when built and reports all of its problems at once; credentials never appear in it,
 * only the names of the environment variables that hold them.
 */
package io.jointflow.cloud;
