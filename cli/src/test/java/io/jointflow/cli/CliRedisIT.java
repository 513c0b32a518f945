package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.testkit.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jointflow run --state redis://...} end to end, in process, against a real redis-server. */
class CliRedisIT {
  private static final String TWO_STEP = """
      app: shout
      functions:
        upper: {class: io.jointflow.cli.Upper, outputs: [mid]}
        exclaim: {class: io.jointflow.cli.Exclaim, max-attempts: 1}
      buckets:
        mid:
          triggers:
            - {name: next, type: immediate, target: exclaim}
      """;

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void runsListsAndResumesRunsKeptInRedis() throws Exception {
    Path app = Files.writeString(dir.resolve("shout.yaml"), TWO_STEP);
    String blobs = dir.resolve("blobs").toString();
    try (RedisServer redis = RedisServer.startWithPassword("pw-1234")) {
      String state = "redis://:pw-1234@127.0.0.1:" + redis.port();

      Result r = cli("run", app.toString(), "--input", "text=hello", "--state", state, "--blobs", blobs);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().trim()).isEqualTo("HELLO!");
      assertThat(cli("runs", "list", "--state", state, "--blobs", blobs).out()).contains("shout").contains("succeeded");

      Path flag = Files.writeString(dir.resolve("broken"), "x");
      System.setProperty("exclaim.broken", flag.toString());
      try {
        Result failed = cli("run", app.toString(), "--input", "text=hi", "--state", state, "--blobs", blobs, "--run-id", "r-1");
        assertThat(failed.code()).isEqualTo(Main.RUN_FAILED);
        assertThat(failed.err()).contains("broken on purpose")
            .contains("jointflow runs resume r-1 --state redis://:***@127.0.0.1:" + redis.port())
            .doesNotContain("pw-1234");
      } finally {
        System.clearProperty("exclaim.broken");
      }
      redis.restart(); // the run's state is in the server's append-only file

      Result resumed = cli("runs", "resume", "r-1", "--state", state, "--blobs", blobs);
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.out().trim()).isEqualTo("HI!");
    }
  }

  @Test
  void anUnreachableServerIsNamedAndNothingRuns() throws Exception {
    Path app = Files.writeString(dir.resolve("shout.yaml"), TWO_STEP);
    int port;
    try (RedisServer gone = RedisServer.start()) {
      port = gone.port();
    }
    Result r = cli("run", app.toString(), "--input", "text=hello", "--state", "redis://:secret@127.0.0.1:" + port,
        "--blobs", dir.resolve("blobs").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("redis state store 'redis://127.0.0.1:" + port + "/0' is unreachable: cannot connect")
        .contains("(retryable").doesNotContain("secret");
    assertThat(r.out()).isEmpty();
  }
}
