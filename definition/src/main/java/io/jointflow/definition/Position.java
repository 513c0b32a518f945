package io.jointflow.definition;

import com.fasterxml.jackson.core.JsonLocation;

/** A 1-based line and column in a definition file. */
record Position(int line, int column) {
  /** The start of the file, where problems of the whole document are reported. */
  static final Position START = new Position(1, 1);

  static Position of(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return START;
    }
    return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }
}
