package io.jointflow.app;

import java.time.Duration;
import java.util.Objects;

/**
 * Ephemeral-mode re-execution hint (after Pheromone): if an instance of {@code source} has not put an
 * object into the trigger's bucket within {@code timeout} of starting, it is executed again with the
 * same inputs. Exactly-once apps recover through pending records instead and ignore hints.
 */
public record RerunHint(String source, Duration timeout) {
  /** Pheromone's default re-execution timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(3000);

  public RerunHint {
    Names.checkName("rerun source function", source);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("rerun timeout must be at least 1ms: " + timeout);
    }
  }
}
