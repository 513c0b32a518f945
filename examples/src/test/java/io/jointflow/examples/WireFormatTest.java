package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jointflow.examples.fanout.Births;
import io.jointflow.examples.redundant.Iris;
import io.jointflow.examples.stream.Ads;
import io.jointflow.examples.stream.EventSource;
import io.jointflow.examples.wordcount.Chunk;
import io.jointflow.examples.wordcount.PartitionCounts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values the examples pass between functions survive JSON, their form in the state and blob
 * stores. In one process the runtime hands them over by reference, so the end-to-end tests never
 * decode them; a worker on another host or a recovery after a crash does.
 */
class WireFormatTest {
  /** Configured like the runtime's encoder. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private static void assertRoundTrips(Object value) throws Exception {
    Object back = JSON.readValue(JSON.writeValueAsBytes(value), value.getClass());
    assertThat(back).usingRecursiveComparison().isEqualTo(value);
  }

  @Test
  void wordcountValues() throws Exception {
    assertRoundTrips(new Chunk(3, 4, "Fellow-Citizens of the Senate"));
    assertRoundTrips(new PartitionCounts(2, Map.of("union", 7L, "war", 3L)));
  }

  @Test
  void fanoutValues() throws Exception {
    Births.Day day = new Births.Day("1969-01-01", 3, 8486);
    assertRoundTrips(new Births.Chunk(0, List.of(day)));
    assertRoundTrips(new Births.Series(List.of(day, new Births.Day("1969-01-02", 4, 9002))));
    assertRoundTrips(new Births.Partial(2, 17488, 148_535_200L, new Births.Extreme("1969-01-01", 8486),
        new Births.Extreme("1969-01-02", 9002)));
    assertRoundTrips(new Births.Summary(2, 17488, 8744, 258, null, null, 1));
    Births.WeekdayMean[] means = {new Births.WeekdayMean("Monday", 9944.19)};
    assertThat(JSON.readValue(JSON.writeValueAsBytes(means), Births.WeekdayMean[].class)).containsExactly(means);
  }

  @Test
  void streamValues() throws Exception {
    Ads.Batch batch = EventSource.batch(42, 1000, 20, 7);
    assertRoundTrips(batch);
    assertRoundTrips(new Ads.Cursor(42, 1000, 20, 8));
    assertRoundTrips(new Ads.Purchases(7, List.of(batch.events().get(0).adId())));
    Ads.Counts counts = new Ads.Counts(Map.of("campaign-03", 4L), 2);
    assertRoundTrips(new Ads.Carry(counts, 1, null));
    assertRoundTrips(new Ads.Carry(counts, 1, 50));
  }

  @Test
  void redundantValues() throws Exception {
    Iris.Flower flower = new Iris.Flower(new double[] {5.1, 3.5, 1.4, 0.2}, "setosa");
    assertRoundTrips(new Iris.Task(2, 33, List.of(flower), List.of(flower)));
    assertRoundTrips(new Iris.Prediction(2, List.of("setosa", "versicolor", "virginica"),
        new double[][] {{0.9, 0.07, 0.03}}, List.of("setosa")));
  }
}
