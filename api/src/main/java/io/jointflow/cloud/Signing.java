package io.jointflow.cloud;

import java.time.Duration;

/**
 * How requests between clouds are signed: HMAC over body and timestamp with a key that only the
 * environment holds, and a replay window outside which a timestamp is rejected. The key is never
 * in a file the app ships, only the name of the variable that holds it.
 *
 * @param keyEnv the name of the environment variable holding the cluster's HMAC key
 * @param replayWindow how far a request's timestamp may be from the receiver's clock
 * @throws InvalidCloudsException listing every problem, at its key ({@code key-env})
 */
public record Signing(String keyEnv, Duration replayWindow) {
  /** The default {@link #keyEnv()}. */
  public static final String DEFAULT_KEY_ENV = "JOINTFLOW_CLUSTER_KEY";
  /** The default {@link #replayWindow()}. */
  public static final Duration DEFAULT_REPLAY_WINDOW = Duration.ofMinutes(5);

  public Signing {
    Check check = new Check();
    if (Secrets.looksSecret(keyEnv)) {
      check.add("key-env", "signing key-env " + Secrets.redact(keyEnv) + " looks like a key, not the"
          + " name of an environment variable: put the key in the environment (e.g. "
          + DEFAULT_KEY_ENV + ") and write the variable's name");
    } else if (!Secrets.isEnvName(keyEnv)) {
      check.add("key-env", "signing key-env '" + keyEnv + "' is not the name of an environment"
          + " variable (letters, digits and '_', not starting with a digit)");
    }
    if (replayWindow == null || replayWindow.toSeconds() < 1) {
      check.add("replay-window", "signing replay-window must be at least 1s: " + replayWindow);
    }
    check.throwIfAny();
  }

  /** The key in {@value #DEFAULT_KEY_ENV}, a 5-minute replay window. */
  public static Signing defaults() {
    return new Signing(DEFAULT_KEY_ENV, DEFAULT_REPLAY_WINDOW);
  }
}
