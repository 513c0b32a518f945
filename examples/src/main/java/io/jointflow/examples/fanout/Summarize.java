package io.jointflow.examples.fanout;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Sums one chunk of days into a {@link Births.Partial} (bucket {@code partials}). */
public class Summarize implements Handler {
  @Override
  public Object handle(Call call) {
    Births.Chunk chunk = call.input().as(Births.Chunk.class);
    long births = 0;
    long squares = 0;
    Births.Extreme min = null;
    Births.Extreme max = null;
    for (Births.Day d : chunk.days()) {
      births += d.births();
      squares += (long) d.births() * d.births();
      Births.Extreme e = new Births.Extreme(d.date(), d.births());
      min = Merge.fewer(min, e);
      max = Merge.more(max, e);
    }
    call.emit("partials", "partial-" + chunk.index(),
        new Births.Partial(chunk.days().size(), births, squares, min, max));
    return null;
  }
}
