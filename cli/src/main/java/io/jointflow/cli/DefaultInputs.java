package io.jointflow.cli;

import io.jointflow.definition.LoadedApp;
import java.util.Map;

/** The default inputs a definition declares (none until the format supports them). */
final class DefaultInputs {
  private DefaultInputs() {}

  static Map<String, String> of(LoadedApp app) {
    return Map.of();
  }
}
