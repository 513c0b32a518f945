package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL helper on a real server: initdb, start, kill, restart on the same data, close. */
class PostgresServerIT {
  @TempDir Path empty;

  /** Runs one SQL command through psql, so that this test needs no JDBC driver. */
  private static String psql(PostgresServer pg, String sql) throws Exception {
    Path bin = PostgresServer.locate(System.getenv("PATH"));
    Process p = new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-q", "-t", "-A", "-h", "127.0.0.1",
        "-p", String.valueOf(pg.port()), "-U", PostgresServer.USER, "-d", PostgresServer.DATABASE, "-c", sql)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void missingPostgresFailsWithHowToInstallIt() {
    assertThatThrownBy(() -> PostgresServer.locate(List.of(empty)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PostgreSQL is not installed")
        .hasMessageContaining("apt-get install -y postgresql");
  }

  @Test
  void startsOnAFreeLoopbackPortAndKeepsCommittedRowsAcrossAKill() throws Exception {
    Path dir;
    try (PostgresServer pg = PostgresServer.start()) {
      dir = pg.dir();
      assertThat(pg.url()).isEqualTo("postgres://127.0.0.1:" + pg.port() + "/postgres?user=jointflow");
      assertThat(pg.password()).isNull();
      assertThat(psql(pg, "SHOW fsync")).isEqualTo("on");
      psql(pg, "CREATE TABLE t (v text); INSERT INTO t VALUES ('kept')");
      int port = pg.port();
      long pid = pg.pid();
      List<ProcessHandle> backends = ProcessHandle.of(pid).orElseThrow().descendants().toList();
      assertThat(backends).as("checkpointer, walwriter, ...").isNotEmpty();

      pg.kill();
      assertThat(pg.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(backends).noneMatch(ProcessHandle::isAlive);
      pg.kill(); // idempotent

      pg.restart();
      assertThat(pg.port()).isEqualTo(port);
      assertThat(pg.pid()).isNotEqualTo(pid);
      assertThat(psql(pg, "SELECT v FROM t")).as("recovered from the write-ahead log").isEqualTo("kept");

      pg.restart(); // of a running server: a crash and a start
      assertThat(psql(pg, "SELECT count(*) FROM t")).isEqualTo("1");
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void aPasswordServerRefusesConnectionsWithoutIt() throws Exception {
    try (PostgresServer pg = PostgresServer.startWithPassword("s3cret")) {
      assertThat(pg.password()).isEqualTo("s3cret");
      assertThat(pg.url()).doesNotContain("s3cret");
      Path bin = PostgresServer.locate(System.getenv("PATH"));
      Process p = new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-w", "-h", "127.0.0.1", "-p", String.valueOf(pg.port()),
          "-U", PostgresServer.USER, "-d", PostgresServer.DATABASE, "-c", "SELECT 1").redirectErrorStream(true).start();
      p.getOutputStream().close();
      assertThat(p.waitFor(Await.HANG_GUARD.toMinutes(), TimeUnit.MINUTES)).isTrue();
      assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("password");
      assertThat(p.exitValue()).isNotZero();
    }
  }
}
