package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Mode;
import io.jointflow.core.RunInfo;
import io.jointflow.examples.wordcount.WordCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** wordcount.yaml against a plain single-threaded count of the same file. */
class WordCountTest {
  private static final Pattern NON_LETTERS = Pattern.compile("\\P{L}+");

  /** The expected result, counted directly: split on everything that is not a letter. */
  private static WordCounts direct(String text, int top, int partitions) {
    Map<String, Long> counts = new HashMap<>();
    for (String w : NON_LETTERS.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        counts.merge(w, 1L, Long::sum);
      }
    }
    List<WordCounts.Top> most = counts.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
            .thenComparing(Map.Entry::getKey))
        .limit(top)
        .map(e -> new WordCounts.Top(e.getKey(), e.getValue()))
        .toList();
    long words = counts.values().stream().mapToLong(Long::longValue).sum();
    return new WordCounts(words, counts.size(), partitions, most);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void countsTheWordsOfLincolnsAddressesLikeAPlainCount(Mode mode) throws Exception {
    String text = Files.readString(Examples.data("lincoln-sotu-1861-1864.txt"));

    RunInfo run = Examples.run(Examples.load("wordcount", mode), Map.of());

    WordCounts result = run.resultAs(WordCounts.class);
    assertThat(result).isEqualTo(direct(text, 10, 4));
    assertThat(result.words()).isGreaterThan(25_000);
    assertThat(result.top().get(0)).isEqualTo(new WordCounts.Top("the", result.top().get(0).count()));
    assertThat(run.functions()).extracting(f -> f.function() + "=" + f.instances())
        .containsExactly("split=1", "map=8", "reduce=4", "report=1");
  }

  @Test
  void anotherTextGivenAtRunTimeIsCountedToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rhyme.txt");
    Files.writeString(file, "One, two, buckle my shoe; three, four, knock at the door. Five, six,"
        + " pick up sticks; seven, eight, lay them straight. Nine, ten, a big fat hen. One two.");

    RunInfo run = Examples.run(Examples.load("wordcount"), Map.of("text", "@" + file));

    WordCounts result = run.resultAs(WordCounts.class);
    assertThat(result).isEqualTo(direct(Files.readString(file), 10, 4));
    assertThat(result.top()).startsWith(new WordCounts.Top("one", 2), new WordCounts.Top("two", 2));
  }

  @Test
  void theDefinitionDeclaresTheShuffleAndTheJoin() {
    var app = Examples.load("wordcount").app();

    assertThat(app.entry()).isEqualTo("split");
    assertThat(app.result()).isEqualTo("report");
    assertThat(app.triggers()).extracting(t -> t.type().typeName())
        .containsExactly("immediate", "dynamic-group", "by-batch-size");
    assertThat(app.function("split").config()).containsEntry("mappers", "8");
    assertThat(app.bucket("shuffle").triggers().get(0).type())
        .isEqualTo(io.jointflow.app.Trigger.dynamicGroup(8));
  }
}
