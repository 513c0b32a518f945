package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.examples.RecordingCall.Value;
import io.jointflow.examples.stream.Ads;
import io.jointflow.examples.stream.WindowCount;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stream's window function called directly, for the orders a real run produces only by chance:
 * a batch that reaches the windows after the end marker.
 */
class WindowCountTest {
  private static Value counts(int batch, Map<String, Long> campaigns) {
    return new Value("campaign-counts", "counts-" + batch, new Ads.Counts(campaigns, 1), Map.of("kind", "counts"));
  }

  private static Value eos(int batches) {
    return new Value("campaign-counts", "eos", Integer.toString(batches), Map.of("kind", "eos"));
  }

  private static Value carried(Obj emitted) {
    return new Value("campaign-counts", emitted.key(), emitted.as(Ads.Carry.class), emitted.meta());
  }

  private static List<Obj> window(Obj... inputs) {
    RecordingCall call = new RecordingCall(inputs);
    new WindowCount().handle(call);
    return call.emitted();
  }

  @Test
  void aBatchAfterTheEndMarkerIsWaitedForAndCounted() {
    List<Obj> first = window(counts(0, Map.of("campaign-01", 2L)), eos(3), counts(2, Map.of("campaign-02", 1L)));
    assertThat(first).extracting(Obj::bucket).containsExactly("windows", "campaign-counts");
    assertThat(first.get(0).as(Ads.Counts.class))
        .isEqualTo(new Ads.Counts(Map.of("campaign-01", 2L, "campaign-02", 1L), 2));
    assertThat(first.get(1).meta()).containsEntry("kind", "carry");
    assertThat(first.get(1).as(Ads.Carry.class)).isEqualTo(
        new Ads.Carry(new Ads.Counts(Map.of("campaign-01", 2L, "campaign-02", 1L), 2), 1, 3));

    List<Obj> idle = window(carried(first.get(1)));
    assertThat(idle).extracting(Obj::bucket).containsExactly("campaign-counts");

    List<Obj> last = window(counts(1, Map.of("campaign-01", 4L)), carried(idle.get(0)));
    assertThat(last).extracting(Obj::bucket).containsExactly("windows", "totals");
    assertThat(last.get(1).as(Ads.Totals.class)).isEqualTo(
        new Ads.Totals(7, 3, 2, Map.of("campaign-01", 6L, "campaign-02", 1L)));
  }

  @Test
  void carriesFromWindowsThatOverlappedAreMerged() {
    Obj a = window(counts(0, Map.of("campaign-05", 1L))).get(1);
    Obj b = window(counts(1, Map.of("campaign-05", 2L)), eos(2)).get(1);

    List<Obj> merged = window(carried(a), carried(b));

    assertThat(merged).extracting(Obj::bucket).containsExactly("totals");
    assertThat(merged.get(0).as(Ads.Totals.class)).isEqualTo(new Ads.Totals(3, 2, 2, Map.of("campaign-05", 3L)));
  }

  @Test
  void moreBatchesThanTheMarkerAnnouncedFailTheRun() {
    assertThatThrownBy(() -> window(counts(0, Map.of()), counts(1, Map.of()), eos(1)))
        .isInstanceOf(TerminalException.class)
        .hasMessage("windows counted 2 batches of a stream of 1");
  }

  @Test
  void anObjectOfAnotherKindIsRejectedByName() {
    assertThatThrownBy(() -> window(new Value("campaign-counts", "stray", "x", Map.of())))
        .isInstanceOf(TerminalException.class)
        .hasMessageContaining("object 'stray' in campaign-counts has kind ''");
  }
}
