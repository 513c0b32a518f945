package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Advice after a run stops (also on Ctrl-C, which a test cannot send): only what works for the run. */
class RunAdviceTest {
  private static final Path APP = Path.of("apps", "shout.yaml");

  @Test
  void aKeptRunIsSentToRunsResumeWithItsStore() {
    RunAdvice kept = RunAdvice.of("sqlite:/tmp/s.db", Mode.EXACTLY_ONCE, APP);
    assertThat(kept.afterInterrupt("r-1"))
        .isEqualTo("jointflow: interrupted; run r-1 keeps its state: jointflow runs resume r-1 --state sqlite:/tmp/s.db");
    assertThat(RunAdvice.of(StateOptions.DEFAULT_STATE, Mode.EXACTLY_ONCE, APP).afterFailure("r-1"))
        .containsExactly("  inspect: jointflow runs show r-1", "  resume:  jointflow runs resume r-1   (after fixing the cause)");
  }

  @Test
  void aRunThatIsNotKeptIsNeverSentToRuns() {
    for (RunAdvice lost : new RunAdvice[] {RunAdvice.of(StateOptions.DEFAULT_STATE, Mode.EPHEMERAL, APP),
        RunAdvice.of("memory", Mode.EXACTLY_ONCE, APP), RunAdvice.of("memory", Mode.EPHEMERAL, APP)}) {
      assertThat(lost.afterInterrupt("r-1")).startsWith("jointflow: interrupted; run r-1 ends with this process: ")
          .doesNotContain("jointflow runs");
      assertThat(lost.afterTimeout("r-1")).doesNotContain("jointflow runs");
      assertThat(String.join("\n", lost.afterFailure("r-1"))).doesNotContain("jointflow runs")
          .contains("retry:   jointflow run " + APP);
    }
    assertThat(RunAdvice.of("memory", Mode.EXACTLY_ONCE, APP).afterInterrupt("r-1"))
        .endsWith("--state memory keeps nothing after the process ends");
    assertThat(RunAdvice.of("memory", Mode.EPHEMERAL, APP).afterInterrupt("r-1"))
        .endsWith("ephemeral runs live only in the memory of the process that runs them");
  }
}
