package io.jointflow.examples.wordcount;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;
import java.util.HashMap;
import java.util.Map;

/** A reducer: adds up the mappers' counts of one partition and emits them into {@code counts}. */
public class Reducer implements Handler {
  @Override
  public Object handle(Call call) {
    int partition = -1;
    Map<String, Long> total = new HashMap<>();
    for (Obj o : call.inputs()) {
      PartitionCounts part = o.as(PartitionCounts.class);
      if (partition >= 0 && part.partition() != partition) {
        throw new TerminalException("reducer got partitions " + partition + " and " + part.partition()
            + " in one group: object '" + o.key() + "'");
      }
      partition = part.partition();
      part.counts().forEach((word, n) -> total.merge(word, n, Long::sum));
    }
    call.emit("counts", "partition-" + partition, new PartitionCounts(partition, total));
    return null;
  }
}
