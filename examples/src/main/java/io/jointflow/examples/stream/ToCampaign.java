package io.jointflow.examples.stream;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.TerminalException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Looks up each purchased ad's campaign in the {@link Catalog} and emits the batch's purchases per
 * campaign into {@code campaign-counts} (metadata {@code kind=counts}), where a time window
 * collects them.
 */
public class ToCampaign implements Handler {
  @Override
  public Object handle(Call call) {
    Ads.Purchases purchases = call.input().as(Ads.Purchases.class);
    Map<String, Long> campaigns = new TreeMap<>();
    for (String ad : purchases.adIds()) {
      String campaign = Catalog.campaignOf(ad);
      if (campaign == null) {
        throw new TerminalException("ad '" + ad + "' of batch " + purchases.batch() + " is in no campaign");
      }
      campaigns.merge(campaign, 1L, Long::sum);
    }
    call.emit("campaign-counts", "counts-" + purchases.batch(), new Ads.Counts(campaigns, 1),
        Map.of("kind", "counts"));
    return null;
  }
}
