package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JointflowOptionsTest {
  @Test
  void theBuilderStartsFromTheDefaultsAndValidates() {
    JointflowOptions o = JointflowOptions.builder().retention(Duration.ofMinutes(5)).hostId("h").build();
    assertThat(o.retention()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.hostId()).isEqualTo("h");
    assertThat(o.inlineThreshold()).isEqualTo(JointflowOptions.defaults().inlineThreshold());
    assertThatThrownBy(() -> JointflowOptions.builder().inlineThreshold(300_000).build())
        .hasMessageContaining("inline-threshold must be 0..262144 bytes").hasMessageContaining("300000");
    assertThatThrownBy(() -> JointflowOptions.builder().maxObjectBytes(0).build())
        .hasMessageContaining("max-object-bytes must be >= 1: 0");
  }
}
