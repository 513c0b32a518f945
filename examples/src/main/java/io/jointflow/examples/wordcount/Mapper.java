package io.jointflow.examples.wordcount;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapper: counts the words of its chunk (combining locally), splits the counts by word hash into
 * one object per partition, {@code p<partition>:m<mapper>} in bucket {@code shuffle} (also when
 * empty, so every reducer runs), then emits its control key {@code ctrl:<mapper>}.
 */
public class Mapper implements Handler {
  @Override
  public Object handle(Call call) {
    Chunk chunk = call.input().as(Chunk.class);
    List<Map<String, Long>> parts = new ArrayList<>();
    for (int p = 0; p < chunk.reducers(); p++) {
      parts.add(new HashMap<>());
    }
    Words.count(chunk.text()).forEach((word, n) -> parts.get(Words.partition(word, chunk.reducers())).put(word, n));
    for (int p = 0; p < parts.size(); p++) {
      call.emit("shuffle", "p" + p + ":m" + chunk.mapper(), new PartitionCounts(p, parts.get(p)));
    }
    call.emit("shuffle", "ctrl:" + chunk.mapper(), "done");
    return null;
  }
}
