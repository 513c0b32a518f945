package io.jointflow.cli;

import io.jointflow.app.Mode;
import java.nio.file.Path;
import java.util.List;

/**
 * What to tell the user about a run that did not succeed: how to inspect and resume it when its
 * state is kept (an exactly-once run in a durable store), otherwise why nothing is kept and how to
 * try again. Ephemeral runs live only in the process's memory, whatever the --state.
 *
 * @param stateFlag the {@code --state} option to repeat, empty for the default
 * @param lost why nothing of the run is kept, or {@code null} if it is
 * @param app the definition to run again
 */
record RunAdvice(String stateFlag, String lost, Path app) {

  static RunAdvice of(String stateSpec, Mode mode, Path app) {
    String flag = StateOptions.DEFAULT_STATE.equals(stateSpec) ? "" : " --state " + StateOptions.redact(stateSpec);
    String lost = mode == Mode.EPHEMERAL
        ? "ephemeral runs live only in the memory of the process that runs them"
        : stateSpec.equals("memory") ? "--state memory keeps nothing after the process ends" : null;
    return new RunAdvice(flag, lost, app);
  }

  /** The advice for a run across the clouds of a clouds file (whose stores it names). */
  static RunAdvice ofClouds(Path clouds, Mode mode, Path app) {
    return new RunAdvice(" --clouds " + clouds, mode == Mode.EPHEMERAL
        ? "ephemeral runs live only in the memory of the process that runs them" : null, app);
  }

  /** True if the run's state outlives this process. */
  boolean kept() {
    return lost == null;
  }

  /** The lines after a failed or cancelled run's summary. */
  List<String> afterFailure(String runId) {
    if (kept()) {
      return List.of("  inspect: jointflow runs show " + runId + stateFlag,
          "  resume:  jointflow runs resume " + runId + stateFlag + "   (after fixing the cause)");
    }
    return List.of("  nothing to inspect or resume: " + lost,
        "  retry:   jointflow run " + app + " (after fixing the cause; same --input options)",
        "  " + howToKeep());
  }

  /** The end of the line about a run still running at --timeout. */
  String afterTimeout(String runId) {
    return kept()
        ? "; it keeps its state: jointflow runs resume " + runId + stateFlag
        : "; it ends with this process: " + lost + " (" + howToKeep() + ")";
  }

  /** The line printed when the user interrupts the command. */
  String afterInterrupt(String runId) {
    return kept()
        ? "jointflow: interrupted; run " + runId + " keeps its state: jointflow runs resume " + runId + stateFlag
        : "jointflow: interrupted; run " + runId + " ends with this process: " + lost;
  }

  private String howToKeep() {
    return lost.startsWith("ephemeral")
        ? "to keep runs for 'runs show' and 'runs resume', set 'mode: exactly-once' in " + app.getFileName()
        : "to keep runs for 'runs show' and 'runs resume', use the default --state, --state sqlite:PATH or --state redis://HOST:PORT";
  }
}
