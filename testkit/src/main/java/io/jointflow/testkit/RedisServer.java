package io.jointflow.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code redis-server} process of its own for a test: started on a free port bound to 127.0.0.1,
 * with its data in a fresh temporary directory and an append-only file synced on every write
 * ({@code --appendonly yes --appendfsync always}), so that what it acknowledged survives {@link
 * #kill()} and {@link #restart()}. Stopped by its PID on {@link #close()}, and on JVM exit if a test
 * forgot to.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *   StateStore store = RedisStateStore.open(redis.uri());
 *   ...
 *   redis.restart();   // SIGKILL, then a new process on the same data and port
 * }
 * }</pre>
 *
 * <p>{@code redis-server} is looked up on {@code PATH}, then in {@code /usr/bin}, {@code
 * /usr/local/bin} and {@code /usr/sbin}; without it {@link #start()} fails (it never skips) with how to
 * install it. Not thread safe: one test drives it.
 */
public final class RedisServer implements AutoCloseable {
  /** How to get {@code redis-server}, for the failure when it is missing. */
  static final String INSTALL = "apt-get install -y redis-server (Debian/Ubuntu; with sudo if not root)";
  private static final Set<RedisServer> RUNNING = ServerProcess.closedOnExit("redis-server-reaper", RedisServer::close);

  private final Path executable;
  private final Path dir;
  private final String password;
  private final ServerProcess process;

  private RedisServer(Path executable, Path dir, String password) {
    this.executable = executable;
    this.dir = dir;
    this.password = password;
    this.process = new ServerProcess("redis-server", "redis-server", "redis-server to start", dir,
        () -> ServerProcess.tail(List.of(log(), out())), null);
  }

  /**
   * Starts a server without a password and waits until it answers {@code PING}.
   *
   * @throws IllegalStateException if {@code redis-server} is missing (saying how to install it) or
   *     does not start (with the end of its log)
   */
  public static RedisServer start() {
    return start(null);
  }

  /**
   * Starts a server that requires {@code password} ({@code --requirepass}) and waits until it
   * answers {@code PING}.
   *
   * @throws IllegalStateException as {@link #start()}
   */
  public static RedisServer startWithPassword(String password) {
    return start(java.util.Objects.requireNonNull(password, "password"));
  }

  private static RedisServer start(String password) {
    Path executable = locate(System.getenv("PATH"));
    Path dir = ServerProcess.createDir("jointflow-redis-", "redis-server");
    RedisServer server = new RedisServer(executable, dir, password);
    RUNNING.add(server);
    try {
      server.process.launchOnFreePort(server::launch, e -> "redis-server found no free port in "
          + ServerProcess.PORT_ATTEMPTS + " attempts; last: " + e.getMessage());
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Finds {@code redis-server} on {@code path} (a PATH value, may be null) or in the usual
   * directories.
   *
   * @throws IllegalStateException saying where it looked and how to install it
   */
  static Path locate(String path) {
    List<Path> dirs = ServerProcess.pathDirs(path);
    dirs.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin")));
    return locate(dirs);
  }

  /** Finds {@code redis-server} in the first of {@code dirs} that has it. */
  static Path locate(List<Path> dirs) {
    Path found = ServerProcess.executable("redis-server", dirs);
    if (found == null) {
      throw new IllegalStateException("redis-server is not installed: not in " + dirs
          + "; the Redis tests start their own server: install it with " + INSTALL);
    }
    return found;
  }

  /** The port it listens on, on 127.0.0.1 (the same after {@link #restart()}). */
  public int port() {
    return process.port();
  }

  /** {@code redis://127.0.0.1:PORT}, without the password. */
  public String uri() {
    return "redis://127.0.0.1:" + port();
  }

  /** Its data directory (the append-only files and its log, {@code redis.log}). */
  public Path dir() {
    return dir;
  }

  /** The process id of the running server. */
  public long pid() {
    return process.pid();
  }

  /** True while the process runs. */
  public boolean isRunning() {
    return process.isRunning();
  }

  /** Kills the process with SIGKILL, like a crash, and waits until it is gone. Idempotent. */
  public void kill() {
    process.kill();
  }

  /**
   * Kills the server (SIGKILL, if it runs) and starts a new process on the same data directory and
   * port, waiting until it answers {@code PING}: everything it acknowledged before is there again.
   *
   * @throws IllegalStateException if it does not start again (with the end of its log)
   */
  public void restart() {
    process.restart(this::launch, e -> "redis-server cannot listen on its port again after "
        + ServerProcess.PORT_ATTEMPTS + " attempts: " + e.getMessage());
  }

  /** Kills the server and deletes its directory. Idempotent. */
  @Override
  public void close() {
    process.close(RUNNING, this);
  }

  @Override
  public String toString() {
    return process.describe(uri());
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(executable.toString(),
        "--port", String.valueOf(port()), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--daemonize", "no", "--logfile", log().toString()));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    try {
      process.start(command, ProcessBuilder.Redirect.to(out().toFile()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage() + "; install it with " + INSTALL, e);
    }
    int port = port();
    process.awaitReady(1, () -> {
      process.failIfExited(tail -> ServerProcess.portTaken(tail) ? new ServerProcess.PortTaken("port " + port + ": " + tail)
          : new IllegalStateException("redis-server exited while starting on port " + port + "; its log ends with:\n" + tail));
      return RedisPing.answers(port, password);
    }, "redis-server did not answer PING within " + Await.HANG_GUARD + " (a hang?); its log ends with:\n");
  }

  private Path log() {
    return dir.resolve("redis.log");
  }

  /** What it prints before it opens its log (e.g. that the log cannot be opened). */
  private Path out() {
    return dir.resolve("redis.out");
  }
}
