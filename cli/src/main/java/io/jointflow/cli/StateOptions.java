package io.jointflow.cli;

import picocli.CommandLine.Option;

/** Where runs are kept: shared by every command that opens the runtime. */
final class StateOptions {
  /** The default state store, relative to the working directory. */
  static final String DEFAULT_STATE = "sqlite:.jointflow/state.db";

  @Option(names = "--state", paramLabel = "STORE", defaultValue = DEFAULT_STATE,
      description = "State store: sqlite:PATH (durable, default ${DEFAULT-VALUE}) or memory (this process only).")
  String state;

  @Option(names = "--blobs", paramLabel = "DIR",
      description = "Directory for large objects (default: beside the SQLite file, PATH.blobs).")
  String blobs;

  @Option(names = {"-v", "--verbose"}, description = "Log recoveries, retries and collection on stderr.")
  boolean verbose;
}
