package io.jointflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An s3rver process of its own for a test (the S3-compatible server from npm, version 3.7.1): started
 * on a free port bound to 127.0.0.1 with its data in a fresh temporary directory and one bucket
 * configured, stopped by its PID on {@link #close()} (and on JVM exit if a test forgot to).
 *
 * <p>Clients must use the access key {@link #ACCESS_KEY} with the secret {@link #SECRET_KEY}, path-style
 * addressing, no aws-chunked bodies and checksums only where required. s3rver ignores {@code
 * If-None-Match} and writes objects in place, so it cannot show that a conditional put is atomic.
 *
 * <p>It is looked up in {@code $JOINTFLOW_S3RVER_DIR}, default {@code ~/.cache/jointflow/s3rver},
 * where {@code .ci/install/s3rver.sh} puts it; without it {@link #start(String)} fails (it never
 * skips) with the install command. Runs {@code node} on s3rver's script directly, so that the PID is
 * the server's. Not thread safe: one test drives it.
 */
public final class S3rver implements AutoCloseable {
  /** The access key id s3rver accepts. */
  public static final String ACCESS_KEY = "S3RVER";
  /** The secret of {@link #ACCESS_KEY}. */
  public static final String SECRET_KEY = "S3RVER";
  /** How to install it, for the failure when it is missing. */
  static final String INSTALL = ".ci/install/s3rver.sh (npm install --prefix ~/.cache/jointflow/s3rver s3rver@3.7.1; needs node and npm)";
  private static final Set<S3rver> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(S3rver::close), "s3rver-reaper"));
  }

  private final Path dir;
  private final int port;
  private Process process;

  private S3rver(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts a server with an empty bucket {@code bucket} and waits until it accepts connections.
   *
   * @throws IllegalStateException if s3rver or node is missing (saying how to install them) or the
   *     server does not start (with the end of its log)
   */
  public static S3rver start(String bucket) {
    Path script = locate();
    Path node = node();
    Path dir;
    try {
      dir = Files.createTempDirectory("jointflow-s3rver-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for s3rver", e);
    }
    S3rver server = new S3rver(dir, freePort());
    RUNNING.add(server);
    try {
      server.launch(node, script, bucket);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Where s3rver's script is: {@code $JOINTFLOW_S3RVER_DIR/node_modules/s3rver/bin/s3rver.js}. */
  static Path locate() {
    String configured = System.getenv("JOINTFLOW_S3RVER_DIR");
    Path base = configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "jointflow", "s3rver");
    Path script = base.resolve("node_modules/s3rver/bin/s3rver.js");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("s3rver is not installed: no " + script + "; the S3 tests start their own"
          + " server: install it with " + INSTALL);
    }
    return script;
  }

  private static Path node() {
    String path = System.getenv("PATH");
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")));
    for (Path d : dirs) {
      Path candidate = d.resolve("node");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("node is not installed: not in " + dirs + "; s3rver needs it: apt-get install -y"
        + " nodejs npm, then " + INSTALL);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** Where s3rver keeps the objects: one directory per bucket, an object's key as its path in it. */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The port it listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** True while the process runs. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the process (SIGKILL), like a crash, and waits until it is gone. Idempotent. */
  public void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)) {
        throw new IllegalStateException("s3rver pid " + p.pid() + " still runs after SIGKILL and " + Await.HANG_GUARD);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for s3rver pid " + p.pid() + " to exit", e);
    }
    process = null;
  }

  /** Kills the server and deletes its directory. Idempotent. */
  @Override
  public void close() {
    try {
      kill();
    } finally {
      RUNNING.remove(this);
      deleteTree(dir);
    }
  }

  @Override
  public String toString() {
    return "s3rver " + endpoint() + (isRunning() ? " pid " + process.pid() : " (stopped)") + " in " + dir;
  }

  private void launch(Path node, Path script, String bucket) {
    List<String> command = List.of(node.toString(), script.toString(), "-d", dir.resolve("data").toString(),
        "-a", "127.0.0.1", "-p", String.valueOf(port), "--silent", "--configure-bucket", bucket);
    try {
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log().toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage() + "; install it with " + INSTALL, e);
    }
    long deadline = System.nanoTime() + Await.HANG_GUARD.toNanos();
    long pauseMillis = 5;
    while (!accepts()) {
      if (!process.isAlive()) {
        process = null;
        throw new IllegalStateException("s3rver exited while starting on port " + port + "; its log ends with:\n" + logTail());
      }
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw new IllegalStateException("s3rver did not listen within " + Await.HANG_GUARD + "; its log ends with:\n" + logTail());
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for s3rver to start", e);
      }
      pauseMillis = Math.min(100, pauseMillis * 2);
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), (int) Duration.ofSeconds(1).toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Path log() {
    return dir.resolve("s3rver.log");
  }

  private String logTail() {
    try {
      List<String> lines = Files.exists(log()) ? Files.readAllLines(log(), StandardCharsets.UTF_8) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(" + log() + " unreadable: " + e + ")";
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
