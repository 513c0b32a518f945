package io.jointflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How conditions treat missing metadata: unequal to everything, another missing entry included. */
class ConditionTest {
  private static final Map<String, String> META = Map.of("kind", "purchase", "n", "5");

  private static boolean test(String expression) {
    return Condition.parse(expression).test("k", 10, META);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      meta.a == meta.b           | false
      meta.a != meta.b           | true
      meta.a == meta.a           | false
      meta.a != meta.a           | true
      meta.a == 'x'              | false
      meta.a != 'x'              | true
      'x' == meta.a              | false
      meta.a == ''               | false
      meta.a == 0                | false
      meta.a < meta.b            | false
      meta.a <= meta.b           | false
      meta.a >= meta.b           | false
      meta.a > 1                 | false
      meta.a in [meta.b, 'x']    | false
      meta.kind == meta.a        | false
      meta.kind != meta.a        | true
      meta.kind == meta.kind     | true
      meta.kind != meta.kind     | false
      meta.n == 5                | true
      meta.n != 5                | false
      !(meta.a == meta.b)        | true
      """)
  void aMissingEntryIsUnequalToEverythingIncludingAnotherMissingEntry(String expression, boolean expected) {
    assertThat(test(expression)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      meta.a == meta.b
      meta.a == meta.a
      meta.a == 'x'
      meta.kind == meta.a
      meta.n == 5
      meta.kind == 'purchase'
      """)
  void notEqualIsAlwaysTheNegationOfEqual(String equality) {
    assertThat(test(equality.replace("==", "!="))).isEqualTo(!test(equality));
  }
}
