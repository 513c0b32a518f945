package io.jointflow.planner;

import io.jointflow.spi.Environment;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How {@link Trials} runs an app.
 *
 * @param warmups runs first and not kept, so that the kept ones start warm (as the Jointλ paper measures)
 * @param runs runs kept
 * @param environment time, timers and threads of the in-process host; {@code null} for the system's
 * @param clock waits until a condition holds; with a manual clock it moves the clock (e.g. {@code
 *     ManualEnvironment::driveUntil}); {@code null} to poll in real time up to {@code timeout}
 * @param timeout how long one run may take in real time before the trial fails
 * @param handlers where handler classes are looked up
 */
public record TrialOptions(int warmups, int runs, Environment environment, Consumer<BooleanSupplier> clock,
    Duration timeout, ClassLoader handlers) {

  public TrialOptions {
    if (warmups < 0 || runs < 1) {
      throw new PlanException("trial needs warmups >= 0 and runs >= 1: " + warmups + ", " + runs);
    }
  }

  /** One warm-up and three kept runs in real time, 60 s each at most. */
  public static TrialOptions defaults() {
    return new TrialOptions(1, 3, null, null, Duration.ofSeconds(60), Trials.class.getClassLoader());
  }

  /** This with that many warm-up and kept runs. */
  public TrialOptions withRuns(int warmups, int runs) {
    return new TrialOptions(warmups, runs, environment, clock, timeout, handlers);
  }

  /** This on another environment and clock (a manual one in tests). */
  public TrialOptions withClock(Environment environment, Consumer<BooleanSupplier> clock) {
    return new TrialOptions(warmups, runs, environment, clock, timeout, handlers);
  }

  /** This with handler classes from {@code loader}. */
  public TrialOptions withHandlers(ClassLoader loader) {
    return new TrialOptions(warmups, runs, environment, clock, timeout, loader);
  }
}
