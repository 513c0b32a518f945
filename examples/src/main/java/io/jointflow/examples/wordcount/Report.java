package io.jointflow.examples.wordcount;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result: joins the reducers' partitions, which must not share a word, and returns the totals
 * and the {@code top} most frequent words (config, default 10) as {@link WordCounts}.
 */
public class Report implements Handler {
  @Override
  public Object handle(Call call) {
    int top = Params.config(call, "top", 10, 1);
    Map<String, Long> all = new HashMap<>();
    for (Obj o : call.inputs()) {
      PartitionCounts part = o.as(PartitionCounts.class);
      part.counts().forEach((word, n) -> {
        if (all.putIfAbsent(word, n) != null) {
          throw new TerminalException("word '" + word + "' was counted by two reducers (the second in partition "
              + part.partition() + "): the shuffle did not partition the words");
        }
      });
    }
    long words = all.values().stream().mapToLong(Long::longValue).sum();
    List<WordCounts.Top> most = all.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .map(e -> new WordCounts.Top(e.getKey(), e.getValue()))
        .toList();
    return new WordCounts(words, all.size(), call.inputs().size(), most);
  }
}
