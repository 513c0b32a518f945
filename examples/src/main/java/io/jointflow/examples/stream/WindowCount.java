package io.jointflow.examples.stream;

import io.jointflow.function.Call;
import io.jointflow.function.Handler;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts one time window of {@code campaign-counts}: adds up the batches that arrived in it into
 * the window's purchases per campaign (emitted into the sink bucket {@code windows}, the
 * benchmark's output), and keeps the running totals without a database by handing them on: the
 * window emits a {@link Ads.Carry} back into {@code campaign-counts}, which a later window merges.
 *
 * <p>Window boundaries depend on timing, and a batch may reach the windows after the end marker
 * (the stages run in parallel), so the stream ends in the window whose carry has counted exactly
 * as many batches as the marker announced: that window emits the {@link Ads.Totals} into
 * {@code totals}.
 */
public class WindowCount implements Handler {
  @Override
  public Object handle(Call call) {
    Map<String, Long> window = new TreeMap<>();
    int windowBatches = 0;
    Map<String, Long> total = new TreeMap<>();
    int batches = 0;
    int windows = 0;
    Integer expected = null;
    for (Obj o : call.inputs()) {
      String kind = o.meta().getOrDefault("kind", "");
      switch (kind) {
        case "counts" -> {
          Ads.Counts c = o.as(Ads.Counts.class);
          c.campaigns().forEach((campaign, n) -> window.merge(campaign, n, Long::sum));
          windowBatches += c.batches();
        }
        case "carry" -> {
          Ads.Carry c = o.as(Ads.Carry.class);
          c.counts().campaigns().forEach((campaign, n) -> total.merge(campaign, n, Long::sum));
          batches += c.counts().batches();
          windows += c.windows();
          expected = c.expectedBatches() != null ? c.expectedBatches() : expected;
        }
        case "eos" -> expected = Integer.parseInt(o.text());
        default -> throw new TerminalException("object '" + o.key() + "' in campaign-counts has kind '"
            + kind + "'; expected counts, carry or eos");
      }
    }
    if (windowBatches > 0) {
      call.emit("windows", new Ads.Counts(window, windowBatches));
      window.forEach((campaign, n) -> total.merge(campaign, n, Long::sum));
      batches += windowBatches;
      windows++;
    }
    if (expected != null && batches > expected) {
      throw new TerminalException("windows counted " + batches + " batches of a stream of " + expected);
    }
    if (expected != null && batches == expected) {
      long purchases = total.values().stream().mapToLong(Long::longValue).sum();
      call.emit("totals", "totals", new Ads.Totals(purchases, batches, windows, total));
    } else {
      call.emit("campaign-counts", null, new Ads.Carry(new Ads.Counts(total, batches), windows, expected),
          Map.of("kind", "carry"));
    }
    return null;
  }
}
