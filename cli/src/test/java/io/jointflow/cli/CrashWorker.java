package io.jointflow.cli;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.function.Call;
import io.jointflow.function.Obj;
import io.jointflow.testkit.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker process for {@link CrashRecoveryIT}: starts (or re-starts, idempotently) runs of a
 * fan-out/fan-in app on a shared state store (a SQLite file or a Redis server) and waits for all of
 * them. Every handler applies a side effect to a separate database, keyed by its idempotency key,
 * and counts its executions there.
 *
 * <p>Arguments: state (as for {@code --state}) effects-db runs width blobs-dir.
 */
public final class CrashWorker {
  private CrashWorker() {}

  static final String APP = "crashy";
  /**
   * How long a connection to the effects database waits for another's lock: the hang guard, since
   * a loaded machine with a slow disk may queue many handlers' commits behind each other.
   */
  static final String BUSY_TIMEOUT = "PRAGMA busy_timeout=" + Await.HANG_GUARD.toMillis();

  /** Fan-out to {@code width} squares (slowed down a little), dynamic-join, sum. */
  static App app(String effects) {
    return App.builder(APP)
        .function("split", c -> {
          effect(effects, c);
          int n = Integer.parseInt(c.input().text());
          for (int i = 0; i < n; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          c.emit("results", "ctrl", n);
          return null;
        }, "work", "results")
        .function("square", c -> {
          effect(effects, c);
          Thread.sleep(20);
          int i = Integer.parseInt(c.input().text());
          return c.emit("results", "r" + i, String.valueOf(i * i));
        }, "results")
        .function("sum", c -> {
          effect(effects, c);
          long s = 0;
          for (Obj o : c.inputs()) {
            s += Long.parseLong(o.text());
          }
          return s;
        })
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", Trigger.dynamicJoin(), "sum"))
        .build();
  }

  /** The external system: applies each key's effect once, and counts how often it was asked to. */
  static void effect(String db, Call c) throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db);
        var st = conn.createStatement()) {
      st.execute(BUSY_TIMEOUT);
      try (var ps = conn.prepareStatement("INSERT INTO effects(key, function, asked) VALUES (?, ?, 1) "
          + "ON CONFLICT(key) DO UPDATE SET asked = asked + 1")) {
        ps.setString(1, c.instanceId());
        ps.setString(2, c.function());
        ps.executeUpdate();
      }
    }
  }

  static void createEffects(String db) throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); var st = conn.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE IF NOT EXISTS effects(key TEXT PRIMARY KEY, function TEXT, asked INTEGER)");
    }
  }

  public static void main(String[] args) throws Exception {
    String state = args[0];
    String effects = args[1];
    int runs = Integer.parseInt(args[2]);
    int width = Integer.parseInt(args[3]);
    createEffects(effects);
    var options = JointflowOptions.defaults().withRecovery(Duration.ofMillis(200), Duration.ofSeconds(1));
    try (Jointflow jf = Jointflow.builder().state(state).blobs("filesystem:" + args[4]).options(options).build()) {
      jf.deploy(app(effects));
      List<RunHandle> handles = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        handles.add(jf.start(APP, "run-" + r, Map.of("n", String.valueOf(width))));
      }
      for (RunHandle h : handles) {
        RunInfo info = h.await(Await.HANG_GUARD);
        if (info.status() != RunStatus.SUCCEEDED) {
          System.out.println("run " + h.runId() + " ended " + info.status() + ": " + info.failure());
          System.exit(3);
        }
      }
      System.out.println("all " + runs + " runs succeeded");
    }
  }
}
