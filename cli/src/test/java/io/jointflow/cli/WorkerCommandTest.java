package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jointflow worker} with bad input: exit 2, a message naming the problem, nothing started or written. */
class WorkerCommandTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  static final String CLOUDS = """
      clouds:
        a:
          compute: {type: worker, url: "http://127.0.0.1:1"}
          state: sqlite:a.db
        b:
          compute: {type: worker, url: "http://127.0.0.1:2"}
          state: sqlite:b.db
      network:
        links: [{between: [a, b], latency: 0ms}]
      signing: {key-env: JOINTFLOW_TEST_KEY_THAT_IS_NEVER_SET}
      """;

  static final String APP = """
      app: shout
      placement: [a, b]
      functions:
        upper: {class: io.jointflow.cli.Upper, outputs: [mid]}
        bang: {class: io.jointflow.cli.Exclaim}
      buckets:
        mid: {triggers: [{name: next, type: immediate, target: bang}]}
      """;

  @Test
  void anUnknownCloudIsRefusedListingTheCloudsThereAre() throws Exception {
    Result r = run("worker", "--cloud", "c", "--config", write("clouds.yaml", CLOUDS).toString(),
        "--app", write("app.yaml", APP).toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("jointflow: cloud 'c' is unknown (clouds: a, b)");
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("a.db")).doesNotExist();
  }

  @Test
  void aBadCloudsFileIsReportedWithFileAndLine() throws Exception {
    Path clouds = write("clouds.yaml", CLOUDS.replace("type: worker, url: \"http://127.0.0.1:2\"", "type: wroker"));
    Result r = run("worker", "--cloud", "a", "--config", clouds.toString(), "--app", write("app.yaml", APP).toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains(clouds + ":6:").contains("wroker").contains("nothing was run or changed");
    assertThat(dir.resolve("a.db")).doesNotExist();
  }

  @Test
  void aBadAppIsReportedWithFileAndLine() throws Exception {
    Path app = write("app.yaml", APP.replace("io.jointflow.cli.Exclaim", "io.jointflow.cli.NoSuchClass"));
    Result r = run("worker", "--cloud", "a", "--config", write("clouds.yaml", CLOUDS).toString(), "--app", app.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains(app + ":5:").contains("NoSuchClass");
    assertThat(dir.resolve("a.db")).doesNotExist();
  }

  @Test
  void aMissingSigningKeyNamesTheVariableAndHowToMakeOne() throws Exception {
    Result r = run("worker", "--cloud", "a", "--config", write("clouds.yaml", CLOUDS).toString(),
        "--app", write("app.yaml", APP).toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("environment variable 'JOINTFLOW_TEST_KEY_THAT_IS_NEVER_SET' is not set")
        .contains("openssl rand -base64 32");
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("a.db")).doesNotExist();
  }
}
