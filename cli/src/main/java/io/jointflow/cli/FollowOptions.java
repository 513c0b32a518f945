package io.jointflow.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a command that waits for a run reports it: shared by {@code run} and {@code runs resume}. */
final class FollowOptions {
  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1h",
      description = "Stop waiting after this long (e.g. 30s, 10m); the run keeps its state. Default ${DEFAULT-VALUE}.")
  String timeout;

  @Option(names = {"-q", "--quiet"}, description = "No progress or summary; only the result.")
  boolean quiet;

  Duration limit() {
    return Durations.parse("--timeout", timeout);
  }
}
