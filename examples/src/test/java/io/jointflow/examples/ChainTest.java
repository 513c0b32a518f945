package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Mode;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** chain.yaml: 500 steps from its default input, fewer from a later start, and its bound. */
class ChainTest {
  @Test
  void runsFiveHundredStepsWithNoArguments() {
    RunInfo run = Examples.run("chain");

    assertThat(run.resultText()).isEqualTo("500");
    assertThat(run.functions()).extracting(f -> f.function() + "=" + f.instances())
        .containsExactly("inc=500", "done=1");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aLaterStartTakesOnlyTheRemainingSteps(Mode mode) {
    RunInfo run = Examples.run(Examples.load("chain", mode), Map.of("n", "480"));

    assertThat(run.resultText()).isEqualTo("500");
    assertThat(run.functions()).extracting(f -> f.function() + "=" + f.instances())
        .containsExactly("inc=20", "done=1");
  }

  @Test
  void aStartPastTheEndExitsAfterOneStep() {
    RunInfo run = Examples.run(Examples.load("chain"), Map.of("n", "700"));

    assertThat(run.resultText()).isEqualTo("701");
  }

  @Test
  void aChainLongerThanTheBoundFailsTheRunInsteadOfLoopingOn() {
    RunInfo run = Examples.runAllowingFailure(Examples.load("chain"), Map.of("n", "-1000"));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failure()).contains("trigger 'again' on bucket 'next' would fire more than max-fires=1000");
  }
}
