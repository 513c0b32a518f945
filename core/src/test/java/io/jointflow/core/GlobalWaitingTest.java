package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.spi.StateStore;
import org.junit.jupiter.api.Test;

/** Global arrival sets are measured by probing positions, never read whole. */
class GlobalWaitingTest {
  @Test
  void sizeFindsTheLengthOfASetByProbing() {
    StateStore store = MemoryStateStore.create();
    assertThat(GlobalWaiting.size(store, "s")).isZero();
    for (int n = 1; n <= 1100; n++) {
      store.addToSetAndGet("s", "m" + n, new byte[0]);
      assertThat(GlobalWaiting.size(store, "s")).as("size after %d adds", n).isEqualTo(n);
    }
  }
}
