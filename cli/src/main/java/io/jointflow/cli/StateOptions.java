package io.jointflow.cli;

import picocli.CommandLine.Option;

/** Where runs are kept: shared by every command that opens the runtime. */
final class StateOptions {
  /** The default state store, relative to the working directory. */
  static final String DEFAULT_STATE = "sqlite:.jointflow/state.db";

  /** Where large objects go by default for a durable store that is not a file (redis). */
  static final String DEFAULT_BLOBS = ".jointflow/blobs";

  @Option(names = "--state", paramLabel = "STORE", defaultValue = DEFAULT_STATE,
      description = "State store: sqlite:PATH (durable, default ${DEFAULT-VALUE}), memory (this process only) or"
          + " redis://HOST:PORT[/DB] (as durable as the server's append-only file; the password in"
          + " JOINTFLOW_REDIS_PASSWORD or redis://:PASSWORD@HOST:PORT), postgres://HOST:PORT/DB?user=USER (the password"
          + " in JOINTFLOW_POSTGRES_PASSWORD or PGPASSWORD) or dynamodb://TABLE?region=R (AWS credentials from the"
          + " environment; docs/dynamodb.md).")
  String state;

  @Option(names = "--blobs", paramLabel = "DIR",
      description = "Directory for large objects (default: beside the SQLite file, PATH.blobs; for redis and dynamodb, " + DEFAULT_BLOBS + ").")
  String blobs;

  @Option(names = "--clouds", paramLabel = "CLOUDS.yaml",
      description = "Run across the clouds of this file (docs/clouds-format.md), emulated in this process: each cloud's"
          + " state and blob stores, network delays, cold starts, limits, faults and prices. --state and --blobs are"
          + " then not used.")
  java.nio.file.Path clouds;

  @Option(names = {"-v", "--verbose"}, description = "Log recoveries, retries and collection on stderr.")
  boolean verbose;

  /** The --state value as messages may show it: a password in it replaced by {@code ***}. */
  String shownState() {
    return redact(state);
  }

  static String redact(String spec) {
    return spec.replaceAll("//([^/@:]*):.*@", "//$1:***@");
  }
}
