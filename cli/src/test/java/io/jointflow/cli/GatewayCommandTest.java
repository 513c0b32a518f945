package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jointflow gateway} with bad input: exit 2, a message naming the problem, nothing started or written. */
class GatewayCommandTest {
  @TempDir
  Path dir;

  private WorkerCommandTest.Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new WorkerCommandTest.Result(code, out.toString(), err.toString());
  }

  @Test
  void aJarThatIsNotThereOrAMissingTokenStartsNothing() throws Exception {
    Path clouds = Files.writeString(dir.resolve("clouds.yaml"), WorkerCommandTest.CLOUDS);
    Path app = Files.writeString(dir.resolve("app.yaml"), WorkerCommandTest.APP);

    var badJar = run("gateway", "--config", clouds.toString(), "--app", app.toString(), "--jar", dir.resolve("gone.jar").toString());
    assertThat(badJar.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(badJar.err()).contains("--jar '" + dir.resolve("gone.jar") + "' is not a readable file");
    assertThat(badJar.out()).isEmpty();

    if (System.getenv("JOINTFLOW_GATEWAY_TOKEN") == null) {
      var noToken = run("gateway", "--config", clouds.toString(), "--app", app.toString());
      assertThat(noToken.code()).isEqualTo(Main.BAD_INPUT);
      assertThat(noToken.err()).contains("'JOINTFLOW_GATEWAY_TOKEN' is not set").contains("openssl rand");
      assertThat(noToken.out()).isEmpty();
    }
    assertThat(dir.resolve("a.db")).doesNotExist();
  }
}
