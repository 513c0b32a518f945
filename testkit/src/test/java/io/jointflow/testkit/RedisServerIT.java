package io.jointflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redis-server helper on a real server: start, kill, restart on the same data, close. */
class RedisServerIT {
  @TempDir Path empty;

  /** A raw RESP exchange, so that this test needs no Redis client. */
  private static String send(RedisServer redis, String... args) throws Exception {
    try (Socket s = new Socket("127.0.0.1", redis.port())) {
      StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
      for (String a : args) {
        b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder reply = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        reply.append((char) c);
      }
      String first = reply.toString().strip();
      if (first.startsWith("$") && !first.equals("$-1")) {
        byte[] body = in.readNBytes(Integer.parseInt(first.substring(1)));
        return new String(body, StandardCharsets.UTF_8);
      }
      return first;
    }
  }

  @Test
  void aMissingRedisServerFailsWithHowToInstallIt() {
    assertThatThrownBy(() -> RedisServer.locate(List.of(empty)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis-server is not installed")
        .hasMessageContaining("apt-get install -y redis-server");
  }

  @Test
  void startsOnAFreeLoopbackPortAndKeepsAcknowledgedWritesAcrossAKill() throws Exception {
    Path dir;
    try (RedisServer redis = RedisServer.start()) {
      dir = redis.dir();
      assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
      assertThat(redis.isRunning()).isTrue();
      assertThat(ProcessHandle.of(redis.pid())).isPresent();
      assertThat(send(redis, "SET", "k", "v")).isEqualTo("+OK");
      int port = redis.port();
      long pid = redis.pid();

      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      redis.kill(); // idempotent

      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.pid()).isNotEqualTo(pid);
      assertThat(send(redis, "GET", "k")).as("append-only file, synced per write").isEqualTo("v");

      redis.restart(); // of a running server: a crash and a start
      assertThat(send(redis, "GET", "k")).isEqualTo("v");
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void aPasswordServerAnswersOnlyAfterAuth() throws Exception {
    try (RedisServer redis = RedisServer.startWithPassword("s3cret")) {
      assertThat(send(redis, "PING")).startsWith("-NOAUTH");
      assertThat(redis.uri()).doesNotContain("s3cret");
      redis.restart();
      assertThat(redis.isRunning()).isTrue();
    }
  }

  @Test
  void twoServersGetTwoPortsAndTwoDirectories() {
    try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
      assertThat(a.port()).isNotEqualTo(b.port());
      assertThat(a.dir()).isNotEqualTo(b.dir());
      assertThat(Files.isDirectory(a.dir().resolve("appendonlydir"))).isTrue();
    }
  }
}
