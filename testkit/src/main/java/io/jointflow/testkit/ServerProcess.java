package io.jointflow.testkit;

import java.io.File;
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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The process of a server that a test runs on a port of 127.0.0.1 with a temporary directory of its
 * own ({@link RedisServer}, {@link PostgresServer}, {@link DynamoDbServer}, {@link S3rver}): starting
 * it on a free port, waiting until it is ready, killing it like a crash, starting it again on the
 * same port, and deleting its directory. The servers keep what is theirs (the command line, how to
 * tell it is ready, the words of their failures); this keeps the part that must behave alike for all
 * of them, so that a fix to how a process is waited for or killed reaches every server. {@link
 * ServerlessOffline}, which kills a whole process group and keeps its output in memory, uses only the
 * static parts.
 *
 * <p>Not thread safe: one test drives a server.
 */
final class ServerProcess {
  /** How many free ports a start tries, and how often a restart tries its port again, while another process holds it. */
  static final int PORT_ATTEMPTS = 5;

  private final String name;
  private final String inSentence;
  private final String waitedFor;
  private final Path dir;
  private final Supplier<String> tail;
  private final Consumer<Process> killProcess;
  private int port;
  private Process process;

  /**
   * @param name what messages and {@link #describe} begin with, e.g. {@code DynamoDB stand-in}
   * @param inSentence what a message calls it within a sentence, e.g. {@code the DynamoDB stand-in}
   * @param waitedFor what an interrupted wait says it waited for, e.g. {@code redis-server to start}
   * @param dir its temporary directory, deleted by {@link #close}
   * @param tail the end of its log, for failures
   * @param kill kills a running process with SIGKILL and waits until it is gone; {@code null}: the
   *     process alone ({@link #sigkill})
   */
  ServerProcess(String name, String inSentence, String waitedFor, Path dir, Supplier<String> tail, Consumer<Process> kill) {
    this.name = name;
    this.inSentence = inSentence;
    this.waitedFor = waitedFor;
    this.dir = dir;
    this.tail = tail;
    this.killProcess = kill != null ? kill : this::sigkill;
  }

  /**
   * A set of running servers that a shutdown hook (thread {@code reaperName}) closes on JVM exit, so
   * that a test that forgot to close one leaves no process behind.
   */
  static <T> Set<T> closedOnExit(String reaperName, Consumer<T> close) {
    Set<T> running = ConcurrentHashMap.newKeySet();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(close), reaperName));
    return running;
  }

  /** A fresh temporary directory named {@code prefix...}; failing, says it was for {@code forWhat}. */
  static Path createDir(String prefix, String forWhat) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for " + forWhat, e);
    }
  }

  /** A free port of 127.0.0.1 (free when asked: another process may take it before it is used). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** The directories of a PATH value ({@code path} may be null), in order, in a list the caller may add to. */
  static List<Path> pathDirs(String path) {
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    return dirs;
  }

  /** The executable file {@code name} in the first of {@code dirs} that has it, or null. */
  static Path executable(String name, List<Path> dirs) {
    for (Path d : dirs) {
      Path candidate = d.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The last 20 lines of {@code files} one after the other (a missing file has none; an unreadable
   * one says so in a line of its own).
   */
  static String tail(List<Path> files) {
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
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

  /** Deletes {@code root} and everything in it, if it exists, without following links. */
  static void deleteTree(Path root) {
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

  /** Whether a server accepts TCP connections on {@code port} of 127.0.0.1 (within a second). */
  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the end of a server's log says that another process holds its port. */
  static boolean portTaken(String tail) {
    return tail.contains("Address already in use");
  }

  int port() {
    return port;
  }

  /** Sets the port, for a server that chose it itself. */
  void port(int port) {
    this.port = port;
  }

  /** True while the process runs. */
  boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id of the running process. */
  long pid() {
    if (!isRunning()) {
      throw new IllegalStateException(name + " on port " + port + " is not running: no pid");
    }
    return process.pid();
  }

  /** {@code NAME WHERE pid PID in DIR}, or {@code (stopped)} instead of the pid. */
  String describe(String where) {
    return name + " " + where + (isRunning() ? " pid " + process.pid() : " (stopped)") + " in " + dir;
  }

  /**
   * Starts {@code launch} on free ports until one is not taken by another process in between (it
   * throws {@link PortTaken} then), at most {@link #PORT_ATTEMPTS} times.
   *
   * @throws IllegalStateException with the message {@code noFreePort} makes of the last {@link PortTaken}
   */
  void launchOnFreePort(Runnable launch, Function<PortTaken, String> noFreePort) {
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      try {
        launch.run();
        return;
      } catch (PortTaken e) {
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(noFreePort.apply(e));
        }
      }
    }
  }

  /**
   * {@link #kill()}, then {@code launch} again on the same port, waiting a little longer each time
   * another process holds it, at most {@link #PORT_ATTEMPTS} times.
   *
   * @throws IllegalStateException with the message {@code stillTaken} makes of the last {@link PortTaken}
   */
  void restart(Runnable launch, Function<PortTaken, String> stillTaken) {
    kill();
    for (int attempt = 1; ; attempt++) {
      try {
        launch.run();
        return;
      } catch (PortTaken e) {
        // Another process may hold the port for a moment (a client connection that the kernel gave
        // it as its local port); a server that took it for good fails the test here.
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(stillTaken.apply(e));
        }
        pause(Duration.ofMillis(200L * attempt));
      }
    }
  }

  /**
   * Runs {@code command} in the directory, stdout and stderr both to {@code output}; then {@link
   * #awaitReady} says when it has started.
   */
  void start(List<String> command, ProcessBuilder.Redirect output) throws IOException {
    process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output).start();
  }

  /**
   * Polls {@code ready} until it holds, pausing from {@code firstPauseMillis} up to 100 ms between
   * polls; {@code ready} calls {@link #failIfExited} where the server wants the process checked.
   *
   * @throws IllegalStateException after {@link Await#HANG_GUARD}, having killed the process: {@code
   *     timedOut} followed by the end of its log
   */
  void awaitReady(long firstPauseMillis, BooleanSupplier ready, String timedOut) {
    long deadline = System.nanoTime() + Await.HANG_GUARD.toNanos();
    long pauseMillis = firstPauseMillis;
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw new IllegalStateException(timedOut + tail.get());
      }
      pause(Duration.ofMillis(pauseMillis));
      pauseMillis = Math.min(100, pauseMillis * 2);
    }
  }

  /**
   * If the process has exited, forgets it and throws what {@code exited} makes of the end of its log.
   */
  void failIfExited(Function<String, RuntimeException> exited) {
    if (!process.isAlive()) {
      String end = tail.get();
      process = null;
      throw exited.apply(end);
    }
  }

  /** Kills the process with SIGKILL, like a crash, and waits until it is gone. Idempotent. */
  void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    killProcess.accept(p);
    process = null;
  }

  private void sigkill(Process p) {
    p.destroyForcibly();
    try {
      if (!p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)) {
        throw new IllegalStateException(name + " pid " + p.pid() + " still runs after SIGKILL and " + Await.HANG_GUARD);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + inSentence + " pid " + p.pid() + " to exit", e);
    }
  }

  /** Kills the process, forgets {@code server} in {@code running} and deletes the directory. Idempotent. */
  <T> void close(Set<T> running, T server) {
    try {
      kill();
    } finally {
      running.remove(server);
      deleteTree(dir);
    }
  }

  /** Sleeps for {@code d}; an interruption fails the wait. */
  void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + waitedFor, e);
    }
  }

  /** The port was taken between finding it free and the server binding it (another process). */
  static final class PortTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message, null, false, false);
    }
  }
}
