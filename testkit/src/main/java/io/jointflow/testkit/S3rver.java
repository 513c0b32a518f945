package io.jointflow.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

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
  private static final Set<S3rver> RUNNING = ServerProcess.closedOnExit("s3rver-reaper", S3rver::close);

  private final Path dir;
  private final int port;
  private final ServerProcess process;

  private S3rver(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.process = new ServerProcess("s3rver", "s3rver", "s3rver to start", dir, () -> ServerProcess.tail(List.of(log())), null);
    process.port(port);
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
    Path dir = ServerProcess.createDir("jointflow-s3rver-", "s3rver");
    S3rver server = new S3rver(dir, ServerProcess.freePort());
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
    List<Path> dirs = ServerProcess.pathDirs(System.getenv("PATH"));
    dirs.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")));
    Path node = ServerProcess.executable("node", dirs);
    if (node != null) {
      return node;
    }
    throw new IllegalStateException("node is not installed: not in " + dirs + "; s3rver needs it: apt-get install -y"
        + " nodejs npm, then " + INSTALL);
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
    return process.isRunning();
  }

  /** Kills the process (SIGKILL), like a crash, and waits until it is gone. Idempotent. */
  public void kill() {
    process.kill();
  }

  /** Kills the server and deletes its directory. Idempotent. */
  @Override
  public void close() {
    process.close(RUNNING, this);
  }

  @Override
  public String toString() {
    return process.describe(endpoint());
  }

  private void launch(Path node, Path script, String bucket) {
    List<String> command = List.of(node.toString(), script.toString(), "-d", dir.resolve("data").toString(),
        "-a", "127.0.0.1", "-p", String.valueOf(port), "--silent", "--configure-bucket", bucket);
    try {
      process.start(command, ProcessBuilder.Redirect.to(log().toFile()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage() + "; install it with " + INSTALL, e);
    }
    process.awaitReady(5, () -> {
      // Exited first: a port that answers after our s3rver died belongs to some other process.
      process.failIfExited(tail -> new IllegalStateException("s3rver exited while starting on port " + port
          + "; its log ends with:\n" + tail));
      return ServerProcess.accepts(port);
    }, "s3rver did not listen within " + Await.HANG_GUARD + "; its log ends with:\n");
  }

  private Path log() {
    return dir.resolve("s3rver.log");
  }
}
