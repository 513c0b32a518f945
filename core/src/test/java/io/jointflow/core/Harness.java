package io.jointflow.core;

import io.jointflow.app.App;
import io.jointflow.spi.BlobStore;
import io.jointflow.spi.StateStore;
import io.jointflow.testkit.Await;
import io.jointflow.testkit.ManualEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/** One embedded host on a manual clock, with a memory state store and blobs in a temp directory. */
final class Harness implements AutoCloseable {
  final ManualEnvironment env;
  final StateStore store;
  final BlobStore blobs;
  final Jointflow jf;
  private final Path dir;

  private Harness(ManualEnvironment env, StateStore store, Path dir, JointflowOptions options) {
    this.env = env;
    this.store = store;
    this.dir = dir;
    this.blobs = FileBlobStore.open(dir);
    this.jf = Jointflow.builder().environment(env).stateStore(store).blobStore(blobs).options(options).build();
  }

  /** Deterministic: every invocation runs inline on the caller's thread. */
  static Harness direct(long seed) {
    return new Harness(ManualEnvironment.direct(seed), MemoryStateStore.create(), tempDir(),
        JointflowOptions.defaults().withHostId("h1"));
  }

  /** Real concurrency on virtual threads; the clock still only moves when advanced. */
  static Harness concurrent(long seed) {
    return new Harness(ManualEnvironment.virtualThreads(seed), MemoryStateStore.create(), tempDir(),
        JointflowOptions.defaults().withHostId("h1"));
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("jointflow-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Harness deploy(App app) {
    jf.deploy(app);
    return this;
  }

  RunInfo run(String app, Map<String, ?> inputs) {
    return jf.start(app, inputs).await(Await.HANG_GUARD);
  }

  @Override
  public void close() {
    jf.close();
    blobs.close();
    env.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
