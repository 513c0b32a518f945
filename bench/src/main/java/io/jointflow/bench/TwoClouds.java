package io.jointflow.bench;

import io.jointflow.core.Emulation;
import io.jointflow.core.FileBlobStore;
import io.jointflow.core.Jointflow;
import io.jointflow.core.JointflowOptions;
import io.jointflow.redis.RedisStateStore;
import io.jointflow.testkit.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Two emulated clouds, {@code a} and {@code b}, in one process for the cross-cloud benchmark: a
 * {@value #ONE_WAY_MS} ms one-way delay between them (a 30 ms round trip), {@value #INSIDE_MS} ms
 * inside each, and each cloud's records on a redis-server of its own, started here and stopped on
 * {@link #close()}. Each store is wrapped, under the emulation, in a {@link CallerCountingStore};
 * the emulation's observer keeps every delay it applied ({@link #drainApplied}) and tells those stores
 * which cloud each call comes from.
 */
final class TwoClouds implements AutoCloseable {
  static final String A = "a";
  static final String B = "b";
  static final long ONE_WAY_MS = 15;
  static final long INSIDE_MS = 1;

  final Jointflow jf;
  /** Each cloud's store as the runtime reaches it (under the emulation), by cloud. */
  final Map<String, CallerCountingStore> stores;
  /** The raw store of cloud a, for the same-run baseline. */
  final RedisStateStore rawA;
  /** Every delay the emulation applied since the last {@link #drainApplied()}. */
  private final ConcurrentLinkedQueue<Emulation.Applied> applied;
  private final List<AutoCloseable> owned;
  private final Path dir;

  private TwoClouds(Jointflow jf, Map<String, CallerCountingStore> stores, RedisStateStore rawA,
      ConcurrentLinkedQueue<Emulation.Applied> applied, List<AutoCloseable> owned, Path dir) {
    this.jf = jf;
    this.applied = applied;
    this.stores = stores;
    this.rawA = rawA;
    this.owned = owned;
    this.dir = dir;
  }

  /**
   * Starts the two redis-servers and the host; {@code outages} are (cloud, function) pairs whose
   * invocations the cloud refuses for the whole run of the benchmark. Without {@code distance} the
   * clouds' latencies are zero (the JIT warm-up).
   *
   * @throws IllegalStateException if redis-server is not installed, saying how to install it
   */
  static TwoClouds open(BenchConfig config, Map<String, String> outages, boolean distance) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(config.tmp()), "jointflow-bench-");
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      Map<String, CallerCountingStore> stores = new LinkedHashMap<>();
      RedisStateStore rawA = null;
      Jointflow.Builder b = Jointflow.builder().options(JointflowOptions.defaults().withHostId("bench"));
      for (String cloud : List.of(A, B)) {
        RedisServer server = startRedis();
        owned.add(server);
        RedisStateStore redis = RedisStateStore.open(server.uri());
        owned.add(redis);
        rawA = rawA == null ? redis : rawA;
        CallerCountingStore counted = new CallerCountingStore(cloud, redis);
        stores.put(cloud, counted);
        FileBlobStore blobs = FileBlobStore.open(dir.resolve("blobs-" + cloud));
        owned.add(blobs);
        b.cloud(cloud, counted, blobs);
      }
      ConcurrentLinkedQueue<Emulation.Applied> applied = new ConcurrentLinkedQueue<>();
      Emulation.Builder e = Emulation.builder()
          .latency(A, B, Duration.ofMillis(distance ? ONE_WAY_MS : 0))
          .latency(A, A, Duration.ofMillis(distance ? INSIDE_MS : 0))
          .latency(B, B, Duration.ofMillis(distance ? INSIDE_MS : 0))
          .observer(a -> {
            if (a.effect() == Emulation.Effect.STORE_CALL) {
              CallerCountingStore.callerIs(a.from());
            }
            applied.add(a);
          });
      outages.forEach((function, cloud) -> e.outage(cloud, function, Duration.ZERO, Duration.ofDays(365)));
      Jointflow jf = b.localCloud(A).emulation(e.build()).build();
      return new TwoClouds(jf, stores, rawA, applied, owned, dir);
    } catch (RuntimeException e) {
      closeAll(owned);
      deleteTree(dir);
      throw e;
    }
  }

  /** The delays applied since the last call, and forgets them. */
  List<Emulation.Applied> drainApplied() {
    List<Emulation.Applied> out = new ArrayList<>();
    Emulation.Applied a;
    while ((a = applied.poll()) != null) {
      out.add(a);
    }
    return out;
  }

  private static RedisServer startRedis() {
    try {
      return RedisServer.start();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("benchmark 'xcloud' keeps each emulated cloud's records on a redis-server of its"
          + " own and starts them itself, but cannot: " + e.getMessage()
          + " (install: apt-get install -y redis-server)", e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      jf.close();
    } finally {
      closeAll(owned);
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void closeAll(List<AutoCloseable> owned) {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        System.getLogger(TwoClouds.class.getName()).log(System.Logger.Level.WARNING, "close failed", e);
      }
    }
  }
}
