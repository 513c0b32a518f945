package io.jointflow.examples.qa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Tokenizing and weighting shared by document sort and the inference step. */
final class Text {
  private static final Set<String> STOP = Set.of("a", "about", "all", "an", "and", "are", "as", "at", "be", "by",
      "did", "do", "for", "from", "had", "has", "have", "how", "in", "is", "it", "its", "many", "much", "of", "on",
      "or", "said", "say", "that", "the", "their", "there", "this", "to", "wa", "was", "were", "what", "when",
      "which", "who", "will", "with", "happened", "president", "congress");

  private Text() {}

  /** Lower-case content words, crudely stemmed (a trailing {@code s} dropped), stop words removed. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (w.length() > 3 && w.endsWith("s")) {
        w = w.substring(0, w.length() - 1);
      }
      if (w.length() > 1 && !STOP.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** Inverse document frequency of every word over {@code docs}: ln(1 + N / df). */
  static Map<String, Double> idf(List<String> docs) {
    Map<String, Integer> df = new HashMap<>();
    for (String d : docs) {
      for (String w : Set.copyOf(words(d))) {
        df.merge(w, 1, Integer::sum);
      }
    }
    Map<String, Double> idf = new HashMap<>();
    df.forEach((w, n) -> idf.put(w, Math.log(1 + (double) docs.size() / n)));
    return idf;
  }
}
