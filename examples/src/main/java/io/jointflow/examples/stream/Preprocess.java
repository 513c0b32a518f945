package io.jointflow.examples.stream;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** Keeps the purchase events of a batch and emits their ad ids into {@code ads} (the benchmark's filter). */
public class Preprocess implements Handler {
  @Override
  public Object handle(Call call) {
    Ads.Batch batch = call.input().as(Ads.Batch.class);
    call.emit("ads", "ads-" + batch.index(), new Ads.Purchases(batch.index(), batch.events().stream()
        .filter(e -> e.eventType().equals("purchase"))
        .map(Ads.Event::adId)
        .toList()));
    return null;
  }
}
