package io.jointflow.examples.qa;

import io.jointflow.examples.Params;
import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The QA workload's entry: splits the corpus (input {@code text}) into paragraphs and, for each of
 * input {@code questions} questions, ranks them by TF-IDF overlap with the question; emits each
 * question with its top {@value #TOP} paragraphs into bucket {@code pairs} (one inference each) and
 * announces their count to the join in {@code answers}.
 */
public class DocumentSort implements Handler {
  static final int TOP = 3;

  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      int n = (int) Params.input(call, "questions", 1, 1000);
      List<String> paragraphs = new ArrayList<>();
      for (String p : call.input("text").text().split("\\n\\s*\\n")) {
        String t = p.strip().replaceAll("\\s+", " ");
        if (t.length() > 80) {
          paragraphs.add(t);
        }
      }
      List<List<String>> words = paragraphs.stream().map(Text::words).toList();
      Map<String, Double> idf = Text.idf(paragraphs);
      for (int i = 0; i < n; i++) {
        String q = Qa.QUESTIONS.get(i % Qa.QUESTIONS.size());
        Set<String> terms = new HashSet<>(Text.words(q));
        List<Integer> order = new ArrayList<>();
        double[] scores = new double[paragraphs.size()];
        for (int p = 0; p < paragraphs.size(); p++) {
          order.add(p);
          scores[p] = score(words.get(p), terms, idf);
        }
        order.sort(Comparator.comparingDouble((Integer p) -> -scores[p]).thenComparing(p -> p));
        List<String> top = order.stream().limit(TOP).map(paragraphs::get).toList();
        call.emit("pairs", "q-" + i, new Qa.Pair(i, q, top));
      }
      call.emit("answers", "ctrl", n);
      return null;
    });
  }

  private static double score(List<String> words, Set<String> terms, Map<String, Double> idf) {
    double s = 0;
    for (String w : words) {
      if (terms.contains(w)) {
        s += idf.getOrDefault(w, 0.0);
      }
    }
    return s / Math.sqrt(words.size() + 1);
  }
}
