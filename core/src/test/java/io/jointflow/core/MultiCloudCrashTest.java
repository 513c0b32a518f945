package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.Obj;
import io.jointflow.spi.BlobStore;
import io.jointflow.spi.StateStore;
import io.jointflow.testkit.ManualEnvironment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash-and-replay across clouds: a run whose records are split between stores (the entry, its run
 * record and its collection entry in cloud a; the squares and their trigger state in cloud b; the
 * result function in b or c) is interrupted after every single operation on any store; a second
 * host replays it. Each step's writes that span the two stores must be
 * ordered so that a crash between them is repaired: the run ends succeeded, with every effect once.
 */
class MultiCloudCrashTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static BlobStore blobsA;
  private static BlobStore blobsB;

  private final Map<String, Integer> effects = new ConcurrentHashMap<>();

  @BeforeAll
  static void open() {
    blobsA = FileBlobStore.open(Harness.tempDir());
    blobsB = FileBlobStore.open(Harness.tempDir());
  }

  @AfterAll
  static void close() {
    blobsA.close();
    blobsB.close();
  }

  private App app(String joinOn) {
    return App.builder("xc").placement("a")
        .function("split", c -> {
          effects.merge(c.instanceId(), 1, Integer::sum);
          for (int i = 0; i < 3; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          return c.emit("results", "ctrl", 3);
        }, "work", "results")
        .functionSpec("square", f -> f.outputs("results").placement("b").handler(c -> {
          effects.merge(c.instanceId(), 1, Integer::sum);
          int i = Integer.parseInt(c.input().text());
          return c.emit("results", "r" + i, String.valueOf(i * i));
        }))
        .functionSpec("join", f -> f.placement(joinOn).handler(c -> {
          effects.merge(c.instanceId(), 1, Integer::sum);
          long sum = 0;
          for (Obj o : c.inputs()) {
            sum += Long.parseLong(o.text());
          }
          return sum;
        }))
        .bucket("work", b -> b.trigger("t", t -> t.target("square").immediate().maxFires(3)))
        .bucket("results", b -> b.trigger("t", t -> t.type(Trigger.dynamicJoin()).target("join").maxFires(1)))
        .build();
  }

  private static Jointflow host(String id, ManualEnvironment env, StateStore a, StateStore b, StateStore c) {
    return Jointflow.builder().environment(env).cloud("a", a, blobsA).cloud("b", b, blobsB).cloud("c", c, blobsB)
        .options(JointflowOptions.defaults().withHostId(id).withRecovery(Duration.ofMillis(100), LEASE))
        .build();
  }

  /** Runs once with a crash after operation {@code k} (never, for MAX_VALUE); returns the operations counted. */
  private long scenario(String joinOn, long k) {
    effects.clear();
    StateStore a = MemoryStateStore.create();
    StateStore b = MemoryStateStore.create();
    StateStore c = MemoryStateStore.create();
    AtomicLong ops = new AtomicLong();
    AtomicBoolean dead = new AtomicBoolean();
    ManualEnvironment env1 = ManualEnvironment.direct(1);
    Jointflow first = host("h1", env1, new CrashingStateStore(a, k, ops, dead), new CrashingStateStore(b, k, ops, dead),
        new CrashingStateStore(c, k, ops, dead));
    first.deploy(app(joinOn));
    try {
      first.start("xc", "run-1", Map.of("in", "x"));
    } catch (CrashingStateStore.InjectedCrash expected) {
      // the first host died here
    }
    RunInfo info;
    ManualEnvironment env2 = ManualEnvironment.direct(2);
    try (Jointflow second = host("h2", env2, a, b, c)) {
      second.deploy(app(joinOn));
      if (dead.get()) {
        second.start("xc", "run-1", Map.of("in", "x")); // the client retries its start
        env2.advance(LEASE.plusMillis(1));
      }
      RunHandle run = second.run("run-1");
      for (int i = 0; i < 50 && !run.status().terminal(); i++) {
        env2.advance(Duration.ofMillis(100));
      }
      info = run.info();
      // Pending records a dead host left behind are replayed (a no-op) and deleted by the sweeper.
      for (int i = 0; i < 30; i++) {
        env2.advance(Duration.ofMillis(100));
      }
    } finally {
      env2.close();
      env1.close();
    }
    assertThat(info.status()).as("join on %s, crash after operation %d: %s", joinOn, k, info.failure()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(info.resultText()).as("crash after operation %d", k).isEqualTo("5");
    Map<String, Integer> perFunction = new HashMap<>();
    effects.keySet().forEach(id -> perFunction.merge(id.substring(0, id.lastIndexOf('-')), 1, Integer::sum));
    assertThat(perFunction).as("crash after operation %d: distinct instances per function", k)
        .isEqualTo(Map.of("split", 1, "square", 3, "join", 1));
    assertThat(a.scan("pending/", null, 10)).as("join on %s, crash after operation %d: pending in a", joinOn, k).isEmpty();
    assertThat(b.scan("pending/", null, 10)).as("join on %s, crash after operation %d: pending in b", joinOn, k).isEmpty();
    assertThat(c.scan("pending/", null, 10)).as("join on %s, crash after operation %d: pending in c", joinOn, k).isEmpty();
    // Completed once: the record created and then changed once, with one collection entry (a second
    // one, due later, would find the record collected and delete it before its history ended).
    assertThat(a.get(Keys.run("run-1"))).as("join on %s, crash after operation %d: run record", joinOn, k)
        .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
    assertThat(a.scan(Keys.gcPrefix(), null, 10)).as("join on %s, crash after operation %d: collection entries", joinOn, k)
        .singleElement().satisfies(e -> assertThat(e.key()).endsWith("/run-1"));
    return ops.get();
  }

  @Test
  void aCrashAfterAnyOperationOnEitherStoreIsRepaired() {
    // join on b: its trigger state, pending record and checkpoint share b, its run record is in a.
    // join on c: its pending record is in b (the squares'), its checkpoint in c, its run record in a.
    for (String joinOn : java.util.List.of("b", "c")) {
      long total = scenario(joinOn, Long.MAX_VALUE);
      assertThat(total).isGreaterThan(10);
      for (long k = 1; k <= total; k++) {
        scenario(joinOn, k);
      }
    }
  }
}
