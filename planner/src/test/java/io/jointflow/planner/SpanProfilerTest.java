package io.jointflow.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.core.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What profiles learn from hand-made traces of a two-step chain on one cloud. */
class SpanProfilerTest {
  private static final Clouds CLOUDS = Synthetic.clouds("0.09", "0.09");
  private static final App CHAIN = Synthetic.chain(2);

  /**
   * A trace of f0 then f1 on cpu: entry after 2 ms, f0 takes {@code f0} ms, f1 starts {@code gap} ms
   * after, takes 10 ms, and the run ends 1 ms later.
   */
  private static RunTrace run(int i, long f0, long gap) {
    Instant t0 = Instant.ofEpochMilli(1_000_000L * (i + 1));
    Instant s0 = t0.plusMillis(2);
    Instant e0 = s0.plusMillis(f0);
    Instant s1 = e0.plusMillis(gap);
    Instant e1 = s1.plusMillis(10);
    List<Span> spans = new ArrayList<>();
    spans.add(span("f0", s0, e0));
    spans.add(span("f1", s1, e1));
    RunInfo info = new RunInfo("r" + i, CHAIN.name(), RunStatus.SUCCEEDED, t0, e1.plusMillis(1), null, null, List.of(),
        Map.of(), null);
    return new RunTrace(info, spans);
  }

  private static Span span(String function, Instant started, Instant ended) {
    Duration d = Duration.between(started, ended);
    return new Span(function + "-0", function, "cpu", started, started, ended, false, d, d, 1L << 30, 0, 0, 1e-6, 1, 1,
        0, 0, 0);
  }

  @Test
  void oneStalledRunDoesNotMoveTheMakespanTerms() {
    // Run 1 stalled: its f0 took 1 s more and its hand-off 500 ms more (a collection, a loaded machine).
    List<RunTrace> runs = List.of(run(0, 20, 3), run(1, 1020, 503), run(2, 20, 3));
    Profiles p = Profiles.fromRuns(CHAIN, CLOUDS, runs);

    FunctionProfile f0 = p.functions().get("f0").get("cpu");
    assertThat(f0.spanMillis()).isCloseTo(20, within(0.001));
    assertThat(p.gap("f0", "f1", "cpu")).isCloseTo(3, within(0.001));
    assertThat(p.start("cpu")).isCloseTo(2, within(0.001));
    assertThat(p.end("cpu")).isCloseTo(1, within(0.001));
    // Cost stays an expectation: the stalled run's billed time counts.
    assertThat(f0.handlerMillis()).isCloseTo((20 + 1020 + 20) / 3.0, within(0.001));
  }

  @Test
  void withTwoRunsTheMedianIsTheirMean() {
    Profiles p = Profiles.fromRuns(CHAIN, CLOUDS, List.of(run(0, 20, 3), run(1, 40, 5)));

    assertThat(p.functions().get("f0").get("cpu").spanMillis()).isCloseTo(30, within(0.001));
    assertThat(p.gap("f0", "f1", "cpu")).isCloseTo(4, within(0.001));
  }
}
