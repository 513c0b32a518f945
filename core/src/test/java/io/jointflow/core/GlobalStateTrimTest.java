package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.function.Obj;
import io.jointflow.sqlite.SqliteStateStore;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Long-lived apps keep bounded state: fired rounds of global triggers are trimmed, and runs are
 * collected after their retention, so the store's row count does not grow with the objects pushed
 * through.
 */
class GlobalStateTrimTest {
  private static final int BATCH = 64;
  /** The clock jumps a day at a time: a sweep a second would be 90,000 sweeps (each renews a lease). */
  private static final JointflowOptions HOURLY_SWEEPS =
      JointflowOptions.defaults().withRecovery(Duration.ofHours(1), Duration.ofHours(2));

  /** Each run emits {@code perRun} objects into a global by-batch-size; the sink records what it gets. */
  private static App app(Mode mode, Set<String> received) {
    return App.builder("stream").mode(mode).entry("emit").result("emit")
        .function("emit", c -> {
          int n = Integer.parseInt(c.input().text());
          for (int i = 0; i < n; i++) {
            c.emit("items", "o" + i, "v");
          }
          return n;
        }, "items")
        .function("sink", c -> {
          for (Obj o : c.inputs()) {
            assertThat(received.add(o.runId() + "/" + o.key())).as("delivered once: %s", o.key()).isTrue();
          }
          return null;
        })
        .bucket("items", b -> b.trigger("t", t -> t.type(Trigger.byBatchSize(BATCH)).target("sink").global()))
        .build();
  }

  /**
   * Pushes {@code runs * perRun} objects, ten runs at a time, collecting exactly-once runs after
   * their retention after every ten, and returns the most rows the store held then.
   */
  private static long push(Jointflow jf, ManualEnvironment env, int runs, int perRun, LongSupplier rows) {
    long most = 0;
    List<Long> seen = new ArrayList<>();
    boolean collect = jf.host().app("stream").exactlyOnce();
    List<RunHandle> group = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      group.add(jf.start("stream", "run-" + r, Map.of("n", String.valueOf(perRun))));
      if (r % 10 == 9) {
        for (RunHandle h : group) {
          RunInfo info = h.await(Await.HANG_GUARD);
          assertThat(info.status()).as("run %s: %s", info.runId(), info.failure()).isEqualTo(RunStatus.SUCCEEDED);
        }
        group.clear();
        if (collect) {
          env.advance(Duration.ofHours(25)); // past the 24 h retention
        }
        for (int i = 0; i < 10; i++) {
          jf.sweep(); // every tenth sweep collects
        }
        seen.add(rows.getAsLong());
        most = Math.max(most, seen.getLast());
      }
    }
    System.out.printf("rows after each collection: %s%n", seen);
    return most;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aHundredThousandObjectsThroughAGlobalBatchKeepTheStoreBounded(Mode mode) {
    Set<String> received = ConcurrentHashMap.newKeySet();
    MemoryStateStore durable = MemoryStateStore.create();
    try (ManualEnvironment env = ManualEnvironment.direct(41);
        Jointflow jf = Jointflow.builder().environment(env).stateStore(durable)
            .blobStore(FileBlobStore.open(Harness.tempDir())).options(HOURLY_SWEEPS).build()) {
      jf.deploy(app(mode, received));
      MemoryStateStore store = mode == Mode.EXACTLY_ONCE ? durable : (MemoryStateStore) jf.host().ephemeralStore();
      String set = Keys.triggerState("stream", null, "items", "t", true);

      long most = push(jf, env, 100, 1000, store::size);

      assertThat(received).as("every object of a full batch delivered once").hasSize(100_000 / BATCH * BATCH);
      assertThat(store.members(set, 0, Integer.MAX_VALUE)).as("the global set holds only the unfired remainder")
          .hasSize(100_000 % BATCH);
      assertThat(most).as("rows after collections (100,000 objects passed through)").isLessThan(1_000);
      if (mode == Mode.EXACTLY_ONCE) {
        env.advance(Duration.ofDays(9)); // past the 24 h retention and the 7 days of history
        for (int i = 0; i < 20; i++) {
          jf.sweep();
        }
        assertThat(durable.scan("runs/", null, 1000)).as("run records after their history").isEmpty();
      }
      assertThat(store.size()).as("rows at the end: the unfired remainder and a few records")
          .isLessThan(100_000 % BATCH + 10);
    }
  }

  @Test
  void anExactlyOnceGlobalBatchOnSqliteKeepsItsRowCountBounded(@TempDir Path dir) throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    Path file = dir.resolve("state.db");
    try (ManualEnvironment env = ManualEnvironment.virtualThreads(42);
        SqliteStateStore sqlite = SqliteStateStore.open(file);
        Jointflow jf = Jointflow.builder().environment(env).stateStore(sqlite)
            .blobStore(FileBlobStore.open(dir.resolve("blobs"))).options(HOURLY_SWEEPS).build();
        var sql = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      jf.deploy(app(Mode.EXACTLY_ONCE, received));
      LongSupplier rows = () -> {
        try (ResultSet rs = sql.createStatement().executeQuery("SELECT (SELECT COUNT(*) FROM kv) + (SELECT COUNT(*) FROM"
            + " set_member) + (SELECT COUNT(*) FROM counter) + (SELECT COUNT(*) FROM list_item)"
            + " + (SELECT COUNT(*) FROM set_next)")) {
          rs.next();
          return rs.getLong(1);
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      };

      long most = push(jf, env, 40, 100, rows);

      assertThat(received).hasSize(4_000 / BATCH * BATCH);
      assertThat(most).as("SQLite rows after collections (4,000 objects passed through)").isLessThan(1_000);
    }
  }
}
