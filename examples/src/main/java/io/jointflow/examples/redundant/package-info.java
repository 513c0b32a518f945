/**
 * k-of-n redundant inference after Pheromone's ML pipeline: {@code prepare} sends the same task to
 * four replicas of a nearest-centroid classifier trained on Fisher's Iris data; the replicas take
 * different, seeded times, and a {@code redundant} trigger (k = 3, n = 4) starts {@code average}
 * with the first three answers, leaving the straggler behind. Definition:
 * {@code examples/redundant.yaml}.
 */
package io.jointflow.examples.redundant;
