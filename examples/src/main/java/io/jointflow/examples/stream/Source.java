package io.jointflow.examples.stream;

import io.jointflow.examples.Params;
import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import java.util.Map;

/**
 * The stream's source, a bounded cycle like the chain example: each call sends one batch of events
 * into bucket {@code events} and, while batches remain, a {@link Ads.Cursor} into bucket
 * {@code cursor}, which invokes it again; after the last batch it puts the end-of-stream marker
 * {@code eos} (the batch count, metadata {@code kind=eos}) into {@code campaign-counts}.
 *
 * <p>The first call reads the run inputs {@code events} and {@code seed}. Config:
 * {@code batch-size} (events per batch, default 20) and {@code interval-ms} (pause before each
 * batch, the stream's rate; default 4).
 */
public class Source implements Handler {
  @Override
  public Object handle(Call call) throws InterruptedException {
    Obj first = call.inputs().get(0);
    Ads.Cursor cursor = first.bucket().equals("cursor")
        ? first.as(Ads.Cursor.class)
        : new Ads.Cursor(Params.input(call, "seed", Long.MIN_VALUE, Long.MAX_VALUE),
            (int) Params.input(call, "events", 1, 1_000_000), Params.config(call, "batch-size", 20, 1), 0);
    Thread.sleep(Params.config(call, "interval-ms", 4, 0));
    call.emit("events", "batch-" + cursor.next(),
        EventSource.batch(cursor.seed(), cursor.events(), cursor.batchSize(), cursor.next()));
    int next = cursor.next() + 1;
    if (next < cursor.batches()) {
      call.emit("cursor", "cursor-" + next,
          new Ads.Cursor(cursor.seed(), cursor.events(), cursor.batchSize(), next));
    } else {
      call.emit("campaign-counts", "eos", Integer.toString(cursor.batches()), Map.of("kind", "eos"));
    }
    return null;
  }
}
