package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Mode;
import io.jointflow.core.FunctionSummary;
import io.jointflow.core.RunInfo;
import io.jointflow.examples.stream.Ads;
import io.jointflow.examples.stream.EventSource;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * stream.yaml: window boundaries depend on timing, totals do not; they must equal a direct count of
 * the purchase events the source draws.
 */
class StreamTest {

  /** Purchases per campaign, counted directly over the events of every batch. */
  private static Map<String, Long> direct(long seed, int events, int batchSize) {
    Map<String, String> campaignOfAd = new HashMap<>();
    for (int c = 0; c < 10; c++) {
      for (int a = 0; a < 10; a++) {
        String ad = UUID.nameUUIDFromBytes(("ad-" + c + "-" + a).getBytes(StandardCharsets.UTF_8)).toString();
        campaignOfAd.put(ad, String.format("campaign-%02d", c));
      }
    }
    Map<String, Long> counts = new TreeMap<>();
    int seen = 0;
    for (int b = 0; b * batchSize < events; b++) {
      for (Ads.Event e : EventSource.batch(seed, events, batchSize, b).events()) {
        seen++;
        if ("purchase".equals(e.eventType())) {
          counts.merge(campaignOfAd.get(e.adId()), 1L, Long::sum);
        }
      }
    }
    assertThat(seen).isEqualTo(events);
    return counts;
  }

  private static FunctionSummary summary(RunInfo run, String function) {
    return run.functions().stream().filter(f -> f.function().equals(function)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void totalsOverAllWindowsEqualADirectCount(Mode mode) {
    RunInfo run = Examples.run(Examples.load("stream", mode), Map.of());

    Ads.Totals totals = run.resultAs(Ads.Totals.class);
    Map<String, Long> expected = direct(42, 1000, 20);
    assertThat(totals.campaigns()).isEqualTo(expected).hasSize(10);
    assertThat(totals.purchases()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
    assertThat(totals.batches()).isEqualTo(50);
    assertThat(summary(run, "source").instances()).isEqualTo(50);
    assertThat(summary(run, "preprocess").instances()).isEqualTo(50);
    // Paced at 4 ms a batch, the stream spans several 50 ms windows; each fired one count.
    assertThat(totals.windows()).isBetween(1, 50);
    assertThat(summary(run, "count").instances()).isGreaterThanOrEqualTo(totals.windows());
  }

  @ParameterizedTest
  @CsvSource({"7, 1", "7, 333", "99, 1200"})
  void otherStreamsAddUpToo(long seed, int events) {
    RunInfo run = Examples.run(Examples.load("stream"),
        Map.of("seed", Long.toString(seed), "events", Integer.toString(events)));

    Ads.Totals totals = run.resultAs(Ads.Totals.class);
    assertThat(totals.campaigns()).isEqualTo(direct(seed, events, 20));
    assertThat(totals.batches()).isEqualTo((events + 19) / 20);
  }
}
