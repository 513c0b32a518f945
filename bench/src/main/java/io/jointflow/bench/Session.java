package io.jointflow.bench;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.sqlite.SqliteStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

/**
 * An embedded Jointflow for one benchmark and mode: ephemeral apps on the memory store, exactly-once
 * apps on a fresh SQLite file in a temporary directory (opened here, so that its commit counters
 * can be read). Closing it deletes the directory.
 */
final class Session implements AutoCloseable {
  final Mode mode;
  final Jointflow jf;
  /** The SQLite store in exactly-once mode, else null. */
  final SqliteStateStore sqlite;
  private final Path dir;

  private Session(Mode mode, Jointflow jf, SqliteStateStore sqlite, Path dir) {
    this.mode = mode;
    this.jf = jf;
    this.sqlite = sqlite;
    this.dir = dir;
  }

  static Session open(Mode mode, BenchConfig config) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(config.tmp()), "jointflow-bench-");
    JointflowOptions options = JointflowOptions.defaults().withHostId("bench");
    Jointflow.Builder b = Jointflow.builder().options(options).blobs("filesystem:" + dir.resolve("blobs"));
    SqliteStateStore sqlite = null;
    if (mode == Mode.EXACTLY_ONCE) {
      sqlite = SqliteStateStore.open(dir.resolve("state.db"));
      b.stateStore(sqlite);
    }
    return new Session(mode, b.build(), sqlite, dir);
  }

  /** The mode as the YAML spells it. */
  String modeName() {
    return mode.configName();
  }

  Session deploy(App app) {
    jf.deploy(app);
    return this;
  }

  /** Starts a run, waits for it and checks that it succeeded with {@code expected} (if not null). */
  RunInfo runChecked(String app, Map<String, ?> inputs, String expected) {
    RunInfo r = jf.start(app, inputs).await(Duration.ofMinutes(2));
    check(r, expected);
    return r;
  }

  static void check(RunInfo r, String expected) {
    if (r.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("run " + r.runId() + " of app '" + r.app() + "' ended " + r.status()
          + (r.failure() == null ? "" : ": " + r.failure()));
    }
    if (expected != null && !expected.equals(r.resultText())) {
      throw new IllegalStateException("run " + r.runId() + " of app '" + r.app() + "' returned '"
          + r.resultText() + "', expected '" + expected + "'");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      jf.close();
    } finally {
      if (sqlite != null) {
        sqlite.close();
      }
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
