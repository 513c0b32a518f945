/**
 * A windowed ad-event stream after the Yahoo streaming benchmark (as Pheromone runs it): a paced
 * {@code source} sends batches of ad events, {@code preprocess} keeps the purchases,
 * {@code to-campaign} maps ads to campaigns, and a {@code by-time} trigger counts purchases per
 * campaign per window; windows hand their running totals on to later windows until the end of the
 * stream is accounted for. Definition: {@code examples/stream.yaml}.
 */
package io.jointflow.examples.stream;
