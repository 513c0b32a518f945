package io.jointflow.examples.wordcount;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/**
 * The entry of the word count: cuts the input {@code text} into {@code mappers} chunks at
 * whitespace (bucket {@code chunks}, keys {@code chunk-<i>}), each telling its mapper into how many
 * partitions to split the words.
 *
 * <p>Config: {@code mappers} (default 8; must equal the {@code controls} of the shuffle trigger),
 * {@code reducers} (default 4; must equal the {@code size} of the gather trigger).
 */
public class Split implements Handler {
  @Override
  public Object handle(Call call) {
    int mappers = Params.config(call, "mappers", 8, 1);
    int reducers = Params.config(call, "reducers", 4, 1);
    String text = call.input("text").text();
    int start = 0;
    for (int i = 0; i < mappers; i++) {
      int end = i == mappers - 1 ? text.length() : cut(text, (int) ((long) text.length() * (i + 1) / mappers), start);
      call.emit("chunks", "chunk-" + i, new Chunk(i, reducers, text.substring(start, end)));
      start = end;
    }
    return null;
  }

  /** The first whitespace at or after {@code at} (so no word is cut), not before {@code from}. */
  private static int cut(String text, int at, int from) {
    int i = Math.max(at, from);
    while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
