package io.jointflow.examples.wordcount;

import java.util.List;

/**
 * The result of the word count.
 *
 * @param words how many words the text has
 * @param distinct how many different words
 * @param partitions how many reducers counted them
 * @param top the most frequent words, most frequent first, ties in alphabetical order
 */
public record WordCounts(long words, long distinct, int partitions, List<Top> top) {
  public WordCounts {
    top = List.copyOf(top);
  }

  /**
   * A word and how often it occurs.
   *
   * @param word the word, in lower case
   * @param count its occurrences
   */
  public record Top(String word, long count) {}
}
