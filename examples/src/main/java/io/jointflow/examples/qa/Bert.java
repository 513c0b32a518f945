package io.jointflow.examples.qa;

import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inference step (BERT in the paper; here a small extractive scoring model, which really
 * answers): scores every sentence of the question's passages by the IDF weight of the question
 * words it contains, with a bonus for question bigrams it keeps in order, and answers with the best
 * sentence and its softmax confidence, into bucket {@code answers}. Runs on the GPU cloud, where its
 * emulated duration is 7 times shorter than on a CPU.
 */
public class Bert implements Handler {
  @Override
  public Object handle(Call call) {
    return EmulatedTime.run(call, () -> {
      Qa.Pair pair = call.input().as(Qa.Pair.class);
      call.emit("answers", call.input().key(), answer(pair));
      return null;
    });
  }

  static Qa.Answer answer(Qa.Pair pair) {
    List<String> sentences = new ArrayList<>();
    for (String p : pair.passages()) {
      for (String s : p.split("(?<=[.;!?])\\s+")) {
        if (s.length() > 20) {
          sentences.add(s.strip());
        }
      }
    }
    if (sentences.isEmpty()) {
      return new Qa.Answer(pair.index(), pair.question(), "", 0, 0);
    }
    Map<String, Double> idf = Text.idf(sentences);
    List<String> q = Text.words(pair.question());
    Set<String> terms = new HashSet<>(q);
    double[] scores = new double[sentences.size()];
    int best = 0;
    for (int i = 0; i < sentences.size(); i++) {
      List<String> words = Text.words(sentences.get(i));
      Set<String> seen = new HashSet<>();
      double s = 0;
      for (String w : words) {
        if (terms.contains(w) && seen.add(w)) {
          s += idf.getOrDefault(w, 0.0);
        }
      }
      for (int k = 0; k + 1 < q.size(); k++) {
        for (int j = 0; j + 1 < words.size(); j++) {
          if (words.get(j).equals(q.get(k)) && words.get(j + 1).equals(q.get(k + 1))) {
            s += 1.0;
          }
        }
      }
      scores[i] = s / Math.log(2 + words.size());
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    double z = 0;
    for (double s : scores) {
      z += Math.exp(4 * (s - scores[best]));
    }
    return new Qa.Answer(pair.index(), pair.question(), sentences.get(best), scores[best], 1 / z);
  }
}
