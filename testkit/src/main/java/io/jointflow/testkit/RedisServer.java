package io.jointflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final int PORT_ATTEMPTS = 5;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(RedisServer::close), "redis-server-reaper"));
  }

  private final Path executable;
  private final Path dir;
  private final String password;
  private int port;
  private Process process;

  private RedisServer(Path executable, Path dir, String password) {
    this.executable = executable;
    this.dir = dir;
    this.password = password;
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
    Path dir;
    try {
      dir = Files.createTempDirectory("jointflow-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server", e);
    }
    RedisServer server = new RedisServer(executable, dir, password);
    RUNNING.add(server);
    try {
      for (int attempt = 1; ; attempt++) {
        server.port = freePort();
        try {
          server.launch();
          return server;
        } catch (PortTaken e) {
          if (attempt == PORT_ATTEMPTS) {
            throw new IllegalStateException("redis-server found no free port in " + PORT_ATTEMPTS + " attempts; last: "
                + e.getMessage());
          }
        }
      }
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
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.addAll(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin")));
    return locate(dirs);
  }

  /** Finds {@code redis-server} in the first of {@code dirs} that has it. */
  static Path locate(List<Path> dirs) {
    for (Path d : dirs) {
      Path candidate = d.resolve("redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("redis-server is not installed: not in " + dirs
        + "; the Redis tests start their own server: install it with " + INSTALL);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** The port it listens on, on 127.0.0.1 (the same after {@link #restart()}). */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT}, without the password. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Its data directory (the append-only files and its log, {@code redis.log}). */
  public Path dir() {
    return dir;
  }

  /** The process id of the running server. */
  public long pid() {
    checkRunning("pid");
    return process.pid();
  }

  /** True while the process runs. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the process with SIGKILL, like a crash, and waits until it is gone. Idempotent. */
  public void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)) {
        throw new IllegalStateException("redis-server pid " + p.pid() + " still runs after SIGKILL and " + Await.HANG_GUARD);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server pid " + p.pid() + " to exit", e);
    }
    process = null;
  }

  /**
   * Kills the server (SIGKILL, if it runs) and starts a new process on the same data directory and
   * port, waiting until it answers {@code PING}: everything it acknowledged before is there again.
   *
   * @throws IllegalStateException if it does not start again (with the end of its log)
   */
  public void restart() {
    kill();
    for (int attempt = 1; ; attempt++) {
      try {
        launch();
        return;
      } catch (PortTaken e) {
        // Another process may hold the port for a moment (a client connection that the kernel gave
        // it as its local port); a server that took it for good fails the test here.
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("redis-server cannot listen on its port again after " + PORT_ATTEMPTS
              + " attempts: " + e.getMessage());
        }
        pause(Duration.ofMillis(200L * attempt));
      }
    }
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
    return "redis-server " + uri() + (isRunning() ? " pid " + process.pid() : " (stopped)") + " in " + dir;
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(executable.toString(),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--daemonize", "no", "--logfile", log().toString()));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    try {
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage() + "; install it with " + INSTALL, e);
    }
    awaitPong();
  }

  private void awaitPong() {
    long deadline = System.nanoTime() + Await.HANG_GUARD.toNanos();
    long pauseMillis = 1;
    while (true) {
      if (!process.isAlive()) {
        String tail = logTail();
        process = null;
        if (tail.contains("Address already in use")) {
          throw new PortTaken("port " + port + ": " + tail);
        }
        throw new IllegalStateException("redis-server exited while starting on port " + port + "; its log ends with:\n" + tail);
      }
      if (RedisPing.answers(port, password)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw new IllegalStateException("redis-server did not answer PING within " + Await.HANG_GUARD + " (a hang?); its log ends with:\n"
            + logTail());
      }
      pause(Duration.ofMillis(pauseMillis));
      pauseMillis = Math.min(100, pauseMillis * 2);
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server to start", e);
    }
  }

  private Path log() {
    return dir.resolve("redis.log");
  }

  private String logTail() {
    List<String> lines = new ArrayList<>();
    for (Path f : List.of(log(), dir.resolve("redis.out"))) {
      try {
        if (Files.exists(f)) {
          lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        lines.add("(" + f + " unreadable: " + e + ")");
      }
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private void checkRunning(String what) {
    if (!isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is not running: no " + what);
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

  /** The port was taken between finding it free and the server binding it (another process). */
  private static final class PortTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message, null, false, false);
    }
  }
}
