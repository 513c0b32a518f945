package io.jointflow.examples.fanout;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import java.util.List;

/**
 * The entry of the births example. Reads the CSV input {@code data} and fans out two ways: the
 * input {@code chunks} (a number chosen at run time) of contiguous slices into bucket
 * {@code chunks}, announced to the join by the control {@code ctrl} in bucket {@code partials};
 * and the whole series once into bucket {@code series}, where a fixed set of analyses picks it up.
 */
public class Split implements Handler {
  @Override
  public Object handle(Call call) {
    List<Births.Day> days = BirthsCsv.parse(call.input("data").text());
    int chunks = (int) Params.input(call, "chunks", 1, days.size());
    for (int i = 0; i < chunks; i++) {
      int from = (int) ((long) days.size() * i / chunks);
      int to = (int) ((long) days.size() * (i + 1) / chunks);
      call.emit("chunks", "chunk-" + i, new Births.Chunk(i, List.copyOf(days.subList(from, to))));
    }
    call.emit("partials", "ctrl", chunks);
    call.emit("series", "series", new Births.Series(List.copyOf(days)));
    return null;
  }
}
