package io.jointflow.app;

import java.util.Locale;

/** How an app's runs are executed. */
public enum Mode {
  /** Output, trigger and invocation checkpoints in the state store: exactly-once results, crash safe. */
  EXACTLY_ONCE("exactly-once"),
  /** In memory, at-least-once with re-execution hints; fastest, lost if the host dies. */
  EPHEMERAL("ephemeral");

  private final String configName;

  Mode(String configName) {
    this.configName = configName;
  }

  /** The YAML spelling. */
  public String configName() {
    return configName;
  }

  /**
   * Parses the YAML spelling.
   *
   * @throws IllegalArgumentException naming the valid choices
   */
  public static Mode parse(String s) {
    for (Mode m : values()) {
      if (m.configName.equals(s) || m.name().equalsIgnoreCase(String.valueOf(s).replace('-', '_').toUpperCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("mode '" + s + "' is unknown; valid: exactly-once, ephemeral");
  }
}
