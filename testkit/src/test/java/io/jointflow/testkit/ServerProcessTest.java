package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths of {@link ServerProcess} that the servers' integration tests rarely take: a process
 * that exits while starting, a port that stays taken, the log tail. {@code sh} stands in for a server.
 */
class ServerProcessTest {
  @TempDir Path temp;

  private ServerProcess process(Path dir) {
    return new ServerProcess("test-server", "the test server", "the test server to start", dir,
        () -> ServerProcess.tail(List.of(dir.resolve("out"))), null);
  }

  /** Starts {@code script} with its output in {@code out} and waits until it exits or prints "listening". */
  private static void launch(ServerProcess p, Path dir, String script) {
    try {
      p.start(List.of("sh", "-c", script), ProcessBuilder.Redirect.to(dir.resolve("out").toFile()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    p.awaitReady(1, () -> {
      p.failIfExited(tail -> ServerProcess.portTaken(tail) ? new ServerProcess.PortTaken("port " + p.port() + ": " + tail)
          : new IllegalStateException("exited: " + tail));
      return ServerProcess.tail(List.of(dir.resolve("out"))).contains("listening");
    }, "did not start: ");
  }

  @Test
  void theTailIsTheLastTwentyLinesOfTheFilesInOrderAndAMissingFileHasNone() throws Exception {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    Files.write(a, IntStream.range(0, 15).mapToObj(i -> "a" + i).toList());
    Files.write(b, IntStream.range(0, 10).mapToObj(i -> "b" + i).toList());

    List<String> lines = List.of(ServerProcess.tail(List.of(a, temp.resolve("missing"), b)).split("\n"));

    assertThat(lines).hasSize(20).startsWith("a5").endsWith("b9");
    assertThat(ServerProcess.tail(List.of(temp.resolve("missing")))).isEmpty();
  }

  @Test
  void aProcessThatExitsWhileStartingFailsWithTheEndOfItsLogAndIsForgotten() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("exits"));
    ServerProcess p = process(dir);
    p.port(4711);

    assertThatThrownBy(() -> launch(p, dir, "echo cannot open the log; exit 3"))
        .isInstanceOf(IllegalStateException.class).hasMessage("exited: cannot open the log");
    assertThat(p.isRunning()).isFalse();
    assertThatThrownBy(p::pid).hasMessage("test-server on port 4711 is not running: no pid");
    assertThat(p.describe("somewhere")).isEqualTo("test-server somewhere (stopped) in " + dir);
  }

  @Test
  void aStartTriesAsManyFreePortsAsItMayAndSaysSoWithTheLastFailure() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("taken"));
    ServerProcess p = process(dir);
    List<Integer> ports = new ArrayList<>();

    assertThatThrownBy(() -> p.launchOnFreePort(() -> {
      ports.add(p.port());
      launch(p, dir, "echo Address already in use");
    }, e -> "no free port: " + e.getMessage()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no free port: port " + p.port() + ": Address already in use");
    assertThat(ports).hasSize(ServerProcess.PORT_ATTEMPTS);
  }

  @Test
  void aRestartKillsTheProcessAndRetriesItsPortWhileAnotherProcessHoldsIt() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("restart"));
    ServerProcess p = process(dir);
    launch(p, dir, "echo listening; exec sleep 600");
    long first = p.pid();
    List<Long> attempts = new ArrayList<>();

    p.restart(() -> {
      attempts.add(System.nanoTime());
      launch(p, dir, attempts.size() < 3 ? "echo Address already in use" : "echo listening; exec sleep 600");
    }, e -> "still taken: " + e.getMessage());

    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(attempts).hasSize(3);
    assertThat(p.isRunning()).isTrue();
    assertThat(p.pid()).isNotEqualTo(first);
    Set<Object> running = ConcurrentHashMap.newKeySet();
    running.add(this);

    p.close(running, this);
    p.close(running, this); // idempotent

    assertThat(p.isRunning()).isFalse();
    assertThat(running).isEmpty();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aPortThatStaysTakenFailsTheRestartAfterEveryAttempt() throws Exception {
    Path dir = Files.createDirectory(temp.resolve("stays"));
    ServerProcess p = process(dir);

    assertThatThrownBy(() -> p.restart(() -> launch(p, dir, "echo Address already in use"), e -> "still taken: " + e.getMessage()))
        .isInstanceOf(IllegalStateException.class).hasMessage("still taken: port 0: Address already in use");
  }
}
