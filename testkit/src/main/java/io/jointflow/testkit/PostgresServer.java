package io.jointflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of its own for a test: a cluster created by {@code initdb} in a fresh
 * temporary directory and a {@code postgres} process listening on a free port of 127.0.0.1, with
 * {@code fsync} and {@code synchronous_commit} on, so that what it acknowledged survives {@link
 * #kill()} and {@link #restart()}. The superuser is {@value #USER}; the database is {@value
 * #DATABASE}. Stopped by its PID (with every backend process it forked) on {@link #close()}, and on
 * JVM exit if a test forgot to.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *   StateStore store = PostgresStateStore.open(pg.url());
 *   ...
 *   pg.restart();   // SIGKILL, then a new server on the same data (crash recovery) and port
 * }
 * }</pre>
 *
 * <p>PostgreSQL refuses to run as root: when the JVM is root, the directory is given to the user
 * {@code postgres} (which Debian's package creates) and {@code initdb} and {@code postgres} run as it
 * through {@code setpriv}. The binaries are looked up in the {@code PATH}, then in {@code
 * /usr/lib/postgresql/VERSION/bin} (newest first); without them {@link #start()} fails (it never
 * skips) with how to install them. Not thread safe: one test drives it.
 */
public final class PostgresServer implements AutoCloseable {
  /** How to get PostgreSQL, for the failure when it is missing. */
  static final String INSTALL = "apt-get install -y postgresql (Debian/Ubuntu; with sudo if not root; see .ci/install/postgres.sh)";
  /** The superuser the cluster is created with. */
  public static final String USER = "jointflow";
  /** The database tests use. */
  public static final String DATABASE = "postgres";
  private static final Set<PostgresServer> RUNNING = ServerProcess.closedOnExit("postgres-reaper", PostgresServer::close);

  private final Path bin;
  private final Path dir;
  private final String password;
  private final List<String> asOwner;
  private final ServerProcess process;

  private PostgresServer(Path bin, Path dir, String password, List<String> asOwner) {
    this.bin = bin;
    this.dir = dir;
    this.password = password;
    this.asOwner = asOwner;
    this.process = new ServerProcess("postgres", "postgres", "postgres", dir, () -> tail(log()), PostgresServer::killTree);
  }

  /**
   * Creates a cluster that trusts every connection from 127.0.0.1, starts it and waits until it
   * accepts connections.
   *
   * @throws IllegalStateException if PostgreSQL is missing (saying how to install it) or does not
   *     start (with the end of its log)
   */
  public static PostgresServer start() {
    return start(null);
  }

  /**
   * Creates a cluster whose TCP connections must give {@code password} for user {@value #USER}
   * (SCRAM-SHA-256), starts it and waits until it accepts connections.
   *
   * @throws IllegalStateException as {@link #start()}
   */
  public static PostgresServer startWithPassword(String password) {
    return start(Objects.requireNonNull(password, "password"));
  }

  private static PostgresServer start(String password) {
    Path bin = locate(System.getenv("PATH"));
    Path dir = ServerProcess.createDir("jointflow-pg-", "PostgreSQL");
    PostgresServer server = new PostgresServer(bin, dir, password, runAsOwner(dir));
    RUNNING.add(server);
    try {
      server.initdb();
      server.process.launchOnFreePort(server::launch, e -> "postgres found no free port in " + ServerProcess.PORT_ATTEMPTS
          + " attempts; last: " + e.getMessage());
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Finds the directory with {@code initdb}, {@code postgres} and {@code pg_isready} on {@code path}
   * (a PATH value, may be null) or under {@code /usr/lib/postgresql}.
   *
   * @throws IllegalStateException saying where it looked and how to install it
   */
  static Path locate(String path) {
    List<Path> dirs = ServerProcess.pathDirs(path);
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions.sorted(Comparator.comparing(PostgresServer::version).reversed()).forEach(v -> dirs.add(v.resolve("bin")));
    } catch (IOException e) {
      // not installed from Debian's packages
    }
    return locate(dirs);
  }

  private static int version(Path p) {
    String name = p.getFileName().toString();
    return name.matches("[0-9]{1,4}") ? Integer.parseInt(name) : -1;
  }

  /** Finds the PostgreSQL binaries in the first of {@code dirs} that has them all. */
  static Path locate(List<Path> dirs) {
    for (Path d : dirs) {
      if (List.of("initdb", "postgres", "pg_isready").stream().allMatch(n -> Files.isExecutable(d.resolve(n)))) {
        return d;
      }
    }
    throw new IllegalStateException("PostgreSQL is not installed: initdb, postgres and pg_isready are not in " + dirs
        + "; the PostgreSQL tests start their own server: install it with " + INSTALL);
  }

  /** As root: give {@code dir} to the user {@code postgres} and run the server's programs as it. */
  private static List<String> runAsOwner(Path dir) {
    try {
      if (!Objects.equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"), 0)) {
        return List.of();
      }
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
      Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(users.lookupPrincipalByGroupName("postgres"));
    } catch (UnsupportedOperationException e) {
      return List.of(); // no /proc: not Linux, not root as far as we can tell
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL refuses to run as root, and the user 'postgres' to run it as is missing"
          + " or cannot own " + dir + ": " + e.getMessage() + "; install PostgreSQL with " + INSTALL
          + ", which creates that user", e);
    }
    return List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--");
  }

  /** The port it listens on, on 127.0.0.1 (the same after {@link #restart()}). */
  public int port() {
    return process.port();
  }

  /** {@code postgres://127.0.0.1:PORT/postgres?user=jointflow}, the state store location (no password). */
  public String url() {
    return "postgres://127.0.0.1:" + port() + "/" + DATABASE + "?user=" + USER;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, for tests that talk SQL to it. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** The password of {@value #USER}, or {@code null} if the server trusts connections from 127.0.0.1. */
  public String password() {
    return password;
  }

  /** Its directory: the cluster in {@code data}, its log in {@code postgres.log}. */
  public Path dir() {
    return dir;
  }

  /** The process id of the running server (the postmaster). */
  public long pid() {
    return process.pid();
  }

  /** True while the server process runs. */
  public boolean isRunning() {
    return process.isRunning();
  }

  /**
   * Kills the server and every backend it forked with SIGKILL, like a crash, and waits until they
   * are gone. Idempotent.
   */
  public void kill() {
    process.kill();
  }

  /** The kill of {@link ServerProcess}: the postmaster and its backends, not the postmaster alone. */
  private static void killTree(Process p) {
    // Each backend is a child of the postmaster (in a session of its own), and one that outlived it
    // would hold the shared memory and keep a new server from starting. Stopped, the postmaster
    // cannot fork one we would miss; then its children go first, while they are still its children.
    signal("STOP", p.pid());
    Await.until("postgres pid " + p.pid() + " stopped", () -> !p.isAlive() || state(p.pid()) != 'R' && state(p.pid()) != 'S'
        && state(p.pid()) != 'D');
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.addFirst(p.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for postgres pid " + h.pid() + " to exit", e);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("postgres pid " + h.pid() + " still runs after SIGKILL and " + Await.HANG_GUARD, e);
      }
    }
  }

  private static void signal(String name, long pid) {
    try {
      new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling postgres pid " + pid, e);
    }
  }

  /** The state letter of process {@code pid} ({@code /proc/PID/stat}), or 'X' if it is gone. */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException | RuntimeException e) {
      return 'X';
    }
  }

  /**
   * Kills the server (SIGKILL, if it runs) and starts a new one on the same data directory and port,
   * waiting until it accepts connections: it recovers from its write-ahead log, so everything it
   * acknowledged before is there again.
   *
   * @throws IllegalStateException if it does not start again (with the end of its log)
   */
  public void restart() {
    process.restart(this::launch, e -> "postgres cannot listen on its port again after " + ServerProcess.PORT_ATTEMPTS
        + " attempts: " + e.getMessage());
  }

  /** Kills the server and deletes its directory. Idempotent. */
  @Override
  public void close() {
    process.close(RUNNING, this);
  }

  @Override
  public String toString() {
    return process.describe(url());
  }

  private void initdb() {
    List<String> command = new ArrayList<>(asOwner);
    command.addAll(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", USER, "-E", "UTF8",
        "--locale=C", "--auth-local=trust", "--no-sync"));
    Path pwfile = dir.resolve("pwfile");
    if (password != null) {
      write(pwfile, password + "\n");
      command.addAll(List.of("--auth-host=scram-sha-256", "--pwfile=" + pwfile));
    } else {
      command.add("--auth-host=trust");
    }
    Path out = dir.resolve("initdb.log");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("initdb did not finish within " + Await.HANG_GUARD + ": " + tail(out));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("initdb failed with exit code " + p.exitValue() + " (" + command + "):\n" + tail(out));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage() + "; install PostgreSQL with " + INSTALL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while initdb ran", e);
    } finally {
      try {
        Files.deleteIfExists(pwfile);
      } catch (IOException e) {
        // removed with the directory
      }
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>(asOwner);
    int port = port();
    command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data().toString(), "-p", String.valueOf(port),
        "-h", "127.0.0.1", "-k", dir.toString(), "-c", "fsync=on", "-c", "synchronous_commit=on",
        "-c", "full_page_writes=on", "-c", "shared_buffers=32MB", "-c", "max_connections=200", "-c", "logging_collector=off"));
    try {
      process.start(command, ProcessBuilder.Redirect.appendTo(log().toFile()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage() + "; install PostgreSQL with " + INSTALL, e);
    }
    process.awaitReady(5, () -> {
      process.failIfExited(tail -> ServerProcess.portTaken(tail) ? new ServerProcess.PortTaken("port " + port + ": " + tail)
          : new IllegalStateException("postgres exited while starting on port " + port + "; its log ends with:\n" + tail));
      return accepts();
    }, "postgres did not accept connections within " + Await.HANG_GUARD + " (a hang?); its log ends with:\n");
  }

  /** Whether {@code pg_isready} says the server accepts connections (exit code 0). */
  private boolean accepts() {
    try {
      Process p = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p", String.valueOf(port()),
          "-d", DATABASE, "-U", USER, "-t", "5").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run pg_isready: " + e.getMessage() + "; install PostgreSQL with " + INSTALL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for postgres to start", e);
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  private Path log() {
    return dir.resolve("postgres.log");
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8); // in a directory only its owner can enter
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The end of {@code f}, or that there is no such file (which says more than an empty log). */
  private static String tail(Path f) {
    return Files.exists(f) ? ServerProcess.tail(List.of(f)) : "(no " + f.getFileName() + ")";
  }
}
