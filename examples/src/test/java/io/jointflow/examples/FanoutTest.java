package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointflow.app.Mode;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.examples.fanout.Births;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** fanout.yaml against statistics computed directly from the CSV file. */
class FanoutTest {
  private static final String[] WEEKDAYS =
      {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

  /** One row of the file: year, month, day, weekday, births. */
  private record Row(int[] v) {
    String date() {
      return String.format("%04d-%02d-%02d", v[0], v[1], v[2]);
    }
  }

  private static List<Row> rows() throws Exception {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(Examples.data("us-births-1969-1988.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      int[] v = new int[5];
      for (int i = 0; i < 5; i++) {
        v[i] = Integer.parseInt(f[i]);
      }
      rows.add(new Row(v));
    }
    return rows;
  }

  /** Checks a report against a direct two-pass computation over the file. */
  private static void assertMatchesDirectComputation(Births.Report report, int chunks) throws Exception {
    List<Row> rows = rows();
    double sum = 0;
    Row min = rows.get(0);
    Row max = rows.get(0);
    double[] perWeekday = new double[7];
    int[] daysPerWeekday = new int[7];
    Map<Integer, Long> perYear = new TreeMap<>();
    for (Row r : rows) {
      sum += r.v[4];
      min = r.v[4] < min.v[4] ? r : min;
      max = r.v[4] > max.v[4] ? r : max;
      perWeekday[r.v[3] - 1] += r.v[4];
      daysPerWeekday[r.v[3] - 1]++;
      perYear.merge(r.v[0], (long) r.v[4], Long::sum);
    }
    double mean = sum / rows.size();
    double squares = 0;
    for (Row r : rows) {
      squares += (r.v[4] - mean) * (r.v[4] - mean);
    }
    Births.Summary s = report.summary();
    assertThat(s.days()).isEqualTo(rows.size()).isEqualTo(7305);
    assertThat(s.births()).isEqualTo((long) sum);
    assertThat(s.mean()).isCloseTo(mean, within(1e-9));
    assertThat(s.stddev()).isCloseTo(Math.sqrt(squares / rows.size()), within(1e-6));
    assertThat(s.min()).isEqualTo(new Births.Extreme(min.date(), min.v[4]));
    assertThat(s.max()).isEqualTo(new Births.Extreme(max.date(), max.v[4]));
    assertThat(s.chunks()).isEqualTo(chunks);
    assertThat(report.weekdays()).hasSize(7);
    for (int w = 0; w < 7; w++) {
      assertThat(report.weekdays().get(w).weekday()).isEqualTo(WEEKDAYS[w]);
      assertThat(report.weekdays().get(w).mean()).isCloseTo(perWeekday[w] / daysPerWeekday[w], within(1e-9));
    }
    assertThat(report.years()).extracting(Births.YearTotal::year).containsExactlyElementsOf(perYear.keySet());
    assertThat(report.years()).extracting(Births.YearTotal::births).containsExactlyElementsOf(perYear.values());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void computesTheStatisticsOfTheBirthsDataInBothModes(Mode mode) throws Exception {
    RunInfo run = Examples.run(Examples.load("fanout", mode), Map.of());

    assertMatchesDirectComputation(run.resultAs(Births.Report.class), 8);
    assertThat(run.functions()).extracting(f -> f.function() + "=" + f.instances())
        .containsExactly("split=1", "summarize=8", "merge=1", "weekday=1", "yearly=1", "report=1");
  }

  @ParameterizedTest
  @CsvSource({"1", "3", "37"})
  void theNumberOfChunksIsChosenAtRunTimeAndDoesNotChangeTheResult(int chunks) throws Exception {
    RunInfo run = Examples.run(Examples.load("fanout"), Map.of("chunks", String.valueOf(chunks)));

    assertMatchesDirectComputation(run.resultAs(Births.Report.class), chunks);
    assertThat(run.functions()).filteredOn(f -> f.function().equals("summarize"))
        .singleElement().satisfies(f -> assertThat(f.instances()).isEqualTo(chunks));
  }

  @Test
  void aBadChunkCountFailsTheRunNamingTheInput() {
    RunInfo run = Examples.runAllowingFailure(Examples.load("fanout"), Map.of("chunks", "0"));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failure()).contains("input 'chunks' must be between 1 and 7305: 0");
  }
}
