package io.jointflow.examples.stream;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;

/** The result: the stream's purchases per campaign over all windows. */
public class Report implements Handler {
  @Override
  public Object handle(Call call) {
    return call.input().as(Ads.Totals.class);
  }
}
