package io.jointflow.examples.wordcount;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The word rule of the example: a word is a maximal run of letters, compared in lower case. */
final class Words {
  private Words() {}

  /** Counts the words of a text. */
  static Map<String, Long> count(CharSequence text) {
    Map<String, Long> counts = new HashMap<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isLetter(c)) {
        word.append(c);
      } else if (!word.isEmpty()) {
        counts.merge(word.toString().toLowerCase(Locale.ROOT), 1L, Long::sum);
        word.setLength(0);
      }
    }
    return counts;
  }

  /** The partition of a word among {@code partitions} reducers. */
  static int partition(String word, int partitions) {
    return Math.floorMod(word.hashCode(), partitions);
  }
}
