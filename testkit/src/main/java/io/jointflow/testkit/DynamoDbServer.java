package io.jointflow.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DynamoDbStandIn} process of its own for a test: a separate JVM on a free port bound to
 * 127.0.0.1, with its change log in a fresh temporary directory (forced to disk before every
 * answer), so that what it acknowledged survives {@link #kill()} and {@link #restart()}. Stopped by
 * its PID on {@link #close()}, and on JVM exit if a test forgot to. It needs nothing installed: its
 * classpath is this testkit and Jackson, taken from the running JVM.
 *
 * <pre>{@code
 * try (DynamoDbServer ddb = DynamoDbServer.start()) {
 *   StateStore store = DynamoStateStore.open(ddb.location("table"));
 *   ...
 *   ddb.restart();   // SIGKILL, then a new process on the same data and port
 * }
 * }</pre>
 *
 * <p>Not thread safe: one test drives it.
 */
public final class DynamoDbServer implements AutoCloseable {
  /** The access key the server accepts; any other is refused as unknown. */
  public static final String ACCESS_KEY = "jointflow-test";
  private static final Set<DynamoDbServer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final int PORT_ATTEMPTS = 5;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(DynamoDbServer::close), "dynamodb-stand-in-reaper"));
  }

  private final Path dir;
  private int port;
  private Process process;

  private DynamoDbServer(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts a server and waits until it accepts connections.
   *
   * @throws IllegalStateException if it does not start (with the end of its output)
   */
  public static DynamoDbServer start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("jointflow-dynamodb-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the DynamoDB stand-in", e);
    }
    DynamoDbServer server = new DynamoDbServer(dir);
    RUNNING.add(server);
    try {
      for (int attempt = 1; ; attempt++) {
        server.port = freePort();
        try {
          server.launch();
          return server;
        } catch (PortTaken e) {
          if (attempt == PORT_ATTEMPTS) {
            throw new IllegalStateException("the DynamoDB stand-in found no free port in " + PORT_ATTEMPTS + " attempts");
          }
        }
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
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

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** A state store location for table {@code table} on this server, region {@code us-east-1}. */
  public String location(String table) {
    return "dynamodb://" + table + "?region=us-east-1&endpoint=" + endpoint();
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
        throw new IllegalStateException("DynamoDB stand-in pid " + p.pid() + " still runs after SIGKILL and " + Await.HANG_GUARD);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the DynamoDB stand-in pid " + p.pid() + " to exit", e);
    }
    process = null;
  }

  /**
   * Kills the server (SIGKILL, if it runs) and starts a new process on the same data and port:
   * everything it acknowledged before is there again.
   */
  public void restart() {
    kill();
    for (int attempt = 1; ; attempt++) {
      try {
        launch();
        return;
      } catch (PortTaken e) {
        if (attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException("the DynamoDB stand-in cannot listen on port " + port + " again: " + e.getMessage());
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
    return "DynamoDB stand-in " + endpoint() + (isRunning() ? " pid " + process.pid() : " (stopped)") + " in " + dir;
  }

  private void launch() {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", classpath(), DynamoDbStandIn.class.getName(),
        "--port", String.valueOf(port), "--dir", dir.toString(), "--access-key", ACCESS_KEY);
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(out().toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the DynamoDB stand-in: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + Await.HANG_GUARD.toNanos();
    long pauseMillis = 5;
    while (true) {
      if (!process.isAlive()) {
        String tail = tail();
        process = null;
        if (tail.contains("Address already in use")) {
          throw new PortTaken(tail);
        }
        throw new IllegalStateException("the DynamoDB stand-in exited while starting on port " + port + "; it printed:\n" + tail);
      }
      if (tail().contains("listening on 127.0.0.1:" + port) && accepts(port)) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        kill();
        throw new IllegalStateException("the DynamoDB stand-in did not start within " + Await.HANG_GUARD + "; it printed:\n" + tail());
      }
      pause(Duration.ofMillis(pauseMillis));
      pauseMillis = Math.min(100, pauseMillis * 2);
    }
  }

  /** The stand-in's classpath: where this class and Jackson's were loaded from. */
  private static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(DynamoDbStandIn.class, com.fasterxml.jackson.databind.ObjectMapper.class,
        com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException | RuntimeException e) {
        throw new IllegalStateException("cannot find where " + c.getName() + " was loaded from: " + e, e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the DynamoDB stand-in", e);
    }
  }

  private Path out() {
    return dir.resolve("stand-in.out");
  }

  private String tail() {
    try {
      if (!Files.exists(out())) {
        return "";
      }
      List<String> lines = new ArrayList<>(Files.readAllLines(out(), StandardCharsets.UTF_8));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(" + out() + " unreadable: " + e + ")";
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

  /** The port was taken between finding it free and the server binding it. */
  private static final class PortTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message, null, false, false);
    }
  }
}
