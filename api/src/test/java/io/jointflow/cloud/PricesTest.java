package io.jointflow.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Billing arithmetic, and the sizes a clouds file writes. */
class PricesTest {
  private static final Prices LAMBDA = Prices.builder().perGbSecond(new BigDecimal("0.0000166667"))
      .perMillionRequests(new BigDecimal("0.20")).build();

  @Test
  void aDurationIsBilledInWholeUnitsOfTheGranularityAndAtLeastOne() {
    assertThat(LAMBDA.billed(Duration.ofNanos(1_000_100))).isEqualTo(Duration.ofMillis(2));
    assertThat(LAMBDA.billed(Duration.ofMillis(3))).isEqualTo(Duration.ofMillis(3));
    assertThat(LAMBDA.billed(Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
    Prices hundred = Prices.builder().granularity(Duration.ofMillis(100)).build();
    assertThat(hundred.billed(Duration.ofMillis(230))).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void lambdaChargesMemoryTimeAndTheRequest() {
    // 128 MB for 100 ms: 0.125 GB x 0.1 s x 0.0000166667 + 0.20 / 1e6
    BigDecimal cost = LAMBDA.cost(Duration.ofMillis(100), Profile.of("default", 128 * Sizes.MB));
    assertThat(cost).isEqualByComparingTo("0.00000040833375");
  }

  @Test
  void functionComputeChargesVcpuMemoryAndGpuMemoryTime() {
    // Function Compute 3.0 at USD 0.00002 per CU: vCPU-s 1 CU, GB-s 0.15 CU, Tesla GPU GB-s 2.1 CU,
    // 75 CU per 10,000 invocations.
    Prices fc = Prices.builder().perVcpuSecond(new BigDecimal("0.00002")).perGbSecond(new BigDecimal("0.000003"))
        .perGpuGbSecond(new BigDecimal("0.000042")).perMillionRequests(new BigDecimal("0.15")).build();
    Profile gpu = Profile.of("gpu", 4 * Sizes.GB).withVcpus(2).withGpu("T4", 8 * Sizes.GB);
    // 1 s x (2 x 0.00002 + 4 x 0.000003 + 8 x 0.000042) + 0.15 / 1e6
    assertThat(fc.cost(Duration.ofSeconds(1), gpu)).isEqualByComparingTo("0.00038815");
  }

  @Test
  void sizesAreBinaryAndFormatBackToTheirLargestExactUnit() {
    assertThat(Sizes.parse("256KB")).isEqualTo(262144);
    assertThat(Sizes.parse("128 KiB")).isEqualTo(131072);
    assertThat(Sizes.parse("8GB")).isEqualTo(8L << 30);
    assertThat(Sizes.parse("100mb")).isEqualTo(100L << 20);
    assertThat(Sizes.parse("4096")).isEqualTo(4096);
    assertThat(Sizes.format(262144)).isEqualTo("256KB");
    assertThat(Sizes.format(1536)).isEqualTo("1536B");
    assertThat(Sizes.format(3L << 40)).isEqualTo("3TB");
    assertThatThrownBy(() -> Sizes.parse("1.5GB")).hasMessage("size '1.5GB' is invalid: use " + Sizes.FORMS);
    assertThatThrownBy(() -> Sizes.parse("99999999999TB")).hasMessage("size '99999999999TB' is too large");
  }
}
