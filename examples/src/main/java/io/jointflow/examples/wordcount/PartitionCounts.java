package io.jointflow.examples.wordcount;

import java.util.Map;

/**
 * The word counts of one partition: a mapper's share of it, or after reducing, all of it.
 *
 * @param partition the partition number
 * @param counts word to count
 */
public record PartitionCounts(int partition, Map<String, Long> counts) {
  public PartitionCounts {
    counts = Map.copyOf(counts);
  }
}
