package io.jointflow.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
  private static final Set<DynamoDbServer> RUNNING = ServerProcess.closedOnExit("dynamodb-stand-in-reaper",
      DynamoDbServer::close);

  private final Path dir;
  private final ServerProcess process;

  private DynamoDbServer(Path dir) {
    this.dir = dir;
    this.process = new ServerProcess("DynamoDB stand-in", "the DynamoDB stand-in", "the DynamoDB stand-in", dir,
        this::tail, null);
  }

  /**
   * Starts a server and waits until it accepts connections.
   *
   * @throws IllegalStateException if it does not start (with the end of its output)
   */
  public static DynamoDbServer start() {
    Path dir = ServerProcess.createDir("jointflow-dynamodb-", "the DynamoDB stand-in");
    DynamoDbServer server = new DynamoDbServer(dir);
    RUNNING.add(server);
    try {
      server.process.launchOnFreePort(server::launch, e -> "the DynamoDB stand-in found no free port in "
          + ServerProcess.PORT_ATTEMPTS + " attempts");
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The port it listens on, on 127.0.0.1 (the same after {@link #restart()}). */
  public int port() {
    return process.port();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** A state store location for table {@code table} on this server, region {@code us-east-1}. */
  public String location(String table) {
    return "dynamodb://" + table + "?region=us-east-1&endpoint=" + endpoint();
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
   * Kills the server (SIGKILL, if it runs) and starts a new process on the same data and port:
   * everything it acknowledged before is there again.
   */
  public void restart() {
    process.restart(this::launch, e -> "the DynamoDB stand-in cannot listen on port " + port() + " again: " + e.getMessage());
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

  private void launch() {
    int port = port();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", classpath(), DynamoDbStandIn.class.getName(),
        "--port", String.valueOf(port), "--dir", dir.toString(), "--access-key", ACCESS_KEY);
    try {
      process.start(command, ProcessBuilder.Redirect.appendTo(out().toFile()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run the DynamoDB stand-in: " + e.getMessage(), e);
    }
    process.awaitReady(5, () -> {
      process.failIfExited(tail -> ServerProcess.portTaken(tail) ? new ServerProcess.PortTaken(tail)
          : new IllegalStateException("the DynamoDB stand-in exited while starting on port " + port + "; it printed:\n" + tail));
      return tail().contains("listening on 127.0.0.1:" + port) && ServerProcess.accepts(port);
    }, "the DynamoDB stand-in did not start within " + Await.HANG_GUARD + "; it printed:\n");
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

  private Path out() {
    return dir.resolve("stand-in.out");
  }

  private String tail() {
    return ServerProcess.tail(List.of(out()));
  }
}
