package io.jointflow.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WakeUpLatenessTest {
  private static final long MS = 1_000_000;

  @Test
  void asksForTheNominalDelayUntilItHasSeenWakeUps() {
    WakeUpLateness l = new WakeUpLateness();
    assertThat(l.ask(15 * MS)).isEqualTo(15 * MS);
    for (int i = 0; i < 15; i++) {
      l.woke(15 * MS, 15 * MS + 300_000);
    }
    assertThat(l.ask(15 * MS)).as("no estimate before 16 wake-ups").isEqualTo(15 * MS);
    l.woke(15 * MS, 15 * MS + 300_000);
    assertThat(l.correctionNanos()).isEqualTo(300_000);
    assertThat(l.ask(15 * MS)).isEqualTo(15 * MS - 300_000);
  }

  @Test
  void correctsByTheLowerQuartileOfRecentLatenessSoMostDelaysStillEndAfterTheirNominalTime() {
    WakeUpLateness l = new WakeUpLateness();
    // 64 wake-ups, late by 100, 200, ..., 6400 us (one of each): the lower quartile is the 17th, 1700 us,
    // but a wake-up later than 2 ms counts as 2 ms.
    for (int i = 1; i <= 64; i++) {
      l.woke(20 * MS, 20 * MS + i * 100_000L);
    }
    assertThat(l.correctionNanos()).isEqualTo(1_700_000);
    for (int i = 0; i < 64; i++) {
      l.woke(20 * MS, 20 * MS + 5 * MS);
    }
    assertThat(l.correctionNanos()).as("capped at 2 ms").isEqualTo(2 * MS);
  }

  @Test
  void neverTakesMoreThanHalfADelayNorTouchesAZeroOne() {
    WakeUpLateness l = new WakeUpLateness();
    for (int i = 0; i < 16; i++) {
      l.woke(MS, 2 * MS);
    }
    assertThat(l.correctionNanos()).isEqualTo(MS);
    assertThat(l.ask(MS)).isEqualTo(MS / 2);
    assertThat(l.ask(10 * MS)).isEqualTo(9 * MS);
    assertThat(l.ask(0)).isZero();
  }

  @Test
  void earlyWakeUpsCountAsOnTimeAndTheWindowForgetsOldOnes() {
    WakeUpLateness l = new WakeUpLateness();
    for (int i = 0; i < 64; i++) {
      l.woke(MS, MS + 500_000);
    }
    assertThat(l.correctionNanos()).isEqualTo(500_000);
    for (int i = 0; i < 64; i++) {
      l.woke(MS, MS - 10_000); // a timer that fired early: lateness 0, never negative
    }
    assertThat(l.correctionNanos()).isZero();
    assertThat(l.ask(MS)).isEqualTo(MS);
  }
}
