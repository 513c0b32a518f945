package io.jointflow.cli;

import io.jointflow.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code jointflow worker} OS processes for tests, started with this JVM's java and the test class
 * path (not a packaged launcher). Each is killed when {@link #close()}d, and by a shutdown hook if
 * the test JVM exits first. Output goes to {@code CLOUD-N.out} and {@code CLOUD-N.err} in a directory.
 */
final class WorkerProcesses implements AutoCloseable {
  private final Path dir;
  private final Map<String, String> env;
  private final List<String> args;
  private final Map<String, Process> running = new HashMap<>();
  private final List<Process> all = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "kill-test-workers");
  private int started;

  /**
   * @param env variables added to each worker's environment (the signing key, ...)
   * @param args arguments after {@code worker --cloud NAME}
   */
  WorkerProcesses(Path dir, Map<String, String> env, List<String> args) {
    this.dir = dir;
    this.env = Map.copyOf(env);
    this.args = List.copyOf(args);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The command that runs {@code jointflow ARGS} in a new JVM. */
  static List<String> jointflow(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    return cmd;
  }

  /** Starts the worker of {@code cloud} and waits for its ready line. */
  synchronized Process start(String cloud) {
    int n = started++;
    Path out = dir.resolve(cloud + "-" + n + ".out");
    Path err = dir.resolve(cloud + "-" + n + ".err");
    List<String> a = new ArrayList<>(List.of("worker", "--cloud", cloud));
    a.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(jointflow(a)).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    all.add(p);
    running.put(cloud, p);
    String ready = "worker " + cloud + " listening on http://";
    Await.until("worker " + cloud + " printed its ready line (" + out + ", " + err + ")",
        () -> !p.isAlive() || read(out).contains(ready));
    if (!p.isAlive()) {
      throw new AssertionError("worker " + cloud + " exited with " + p.exitValue() + ": " + read(err));
    }
    return p;
  }

  /** Kills the worker of {@code cloud} with SIGKILL and waits until it is gone. */
  synchronized void kill(String cloud) {
    Process p = running.remove(cloud);
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private synchronized void killAll() {
    for (Process p : all) {
      p.destroyForcibly();
    }
  }

  @Override
  public void close() {
    killAll();
    for (Process p : all) {
      try {
        p.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
