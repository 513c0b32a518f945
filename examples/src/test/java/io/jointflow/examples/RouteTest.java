package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.core.FunctionSummary;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.examples.route.Answer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** route.yaml: each route, checked against BigInteger's primality and known prime counts. */
class RouteTest {
  private static final List<String> ROUTES = List.of("prime", "composite", "neither");

  private static Answer route(long n) {
    RunInfo run = Examples.run(Examples.load("route"), Map.of("n", Long.toString(n)));
    Answer a = run.resultAs(Answer.class);
    for (FunctionSummary f : run.functions()) {
      if (ROUTES.contains(f.function())) {
        assertThat(f.instances()).as("instances of route '%s' for %s", f.function(), n)
            .isEqualTo(f.function().equals(a.kind()) ? 1 : 0);
      }
    }
    return a;
  }

  @ParameterizedTest
  @CsvSource({"2, 1", "97, 25", "7919, 1000", "9999991, 664579"})
  void primesGoToThePrimeRouteWhichKnowsTheirPosition(long n, long index) {
    Answer a = route(n);

    long next = BigInteger.valueOf(n).nextProbablePrime().longValueExact();
    assertThat(a).isEqualTo(new Answer(n, "prime", a.text(), null, index, next));
    assertThat(a.text()).startsWith(n + " is prime, the " + index).endsWith("the next prime is " + next);
  }

  @Test
  void aPrimeBeyondTheSieveGetsNoPosition() {
    Answer a = route(999_999_999_989L);

    assertThat(a).isEqualTo(new Answer(999_999_999_989L, "prime",
        "999999999989 is prime; the next prime is 1000000000039", null, null, 1_000_000_000_039L));
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 2024, 549_755_813_888L, 600_851_475_143L, 999_999_999_999L})
  void compositesGoToTheCompositeRouteWhichFactorsThem(long n) {
    Answer a = route(n);

    assertThat(a.kind()).isEqualTo("composite");
    assertThat(a.factors()).isSorted().hasSizeGreaterThan(1)
        .allSatisfy(f -> assertThat(BigInteger.valueOf(f).isProbablePrime(50)).as("%s is prime", f).isTrue());
    assertThat(a.factors().stream().reduce(1L, Math::multiplyExact)).isEqualTo(n);
    assertThat(a.index()).isNull();
  }

  @Test
  void theDefaultInputIsFactoredInWords() {
    RunInfo run = Examples.run("route");

    assertThat(run.resultAs(Answer.class)).isEqualTo(
        new Answer(2024, "composite", "2024 = 2^3 * 11 * 23", List.of(2L, 2L, 2L, 11L, 23L), null, null));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void zeroAndOneTakeTheThirdRoute(long n) {
    Answer a = route(n);

    assertThat(a.kind()).isEqualTo("neither");
    assertThat(a.text()).startsWith(n + " is neither prime nor composite");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1000000000001", "twelve"})
  void aNumberOutOfRangeFailsTheRunBeforeAnyRoute(String n) {
    RunInfo run = Examples.runAllowingFailure(Examples.load("route"), Map.of("n", n));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failure()).contains("input 'n' must be");
  }
}
