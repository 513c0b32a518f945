package io.jointflow.app;

/** Whose arrivals a trigger's state collects. */
public enum Scope {
  /** State per run: concurrent runs never mix (the default). */
  RUN,
  /** State shared across runs of the app, for cross-workflow batching; firings run in the run of the completing object. */
  GLOBAL;

  /** The YAML spelling. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Parses the YAML spelling.
   *
   * @throws IllegalArgumentException naming the valid choices
   */
  public static Scope parse(String s) {
    for (Scope v : values()) {
      if (v.configName().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("scope '" + s + "' is unknown; valid: run, global");
  }
}
