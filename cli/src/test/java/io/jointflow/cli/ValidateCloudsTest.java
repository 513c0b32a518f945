package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jointflow validate} with clouds files: alone, malformed, and as the target of apps. */
class ValidateCloudsTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "clouds", "two-clouds.yaml");

  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static final String PLACED = """
      app: placed
      placement: [aws]
      functions:
        upper: {class: io.jointflow.cli.Upper, outputs: [mid]}
        exclaim: {class: io.jointflow.cli.Exclaim, placement: [ali, aws], profile: gpu-t4-8g}
      buckets:
        mid:
          triggers:
            - {name: next, type: immediate, target: exclaim}
      """;

  @Test
  void theShippedCloudsFileIsValid() {
    Result r = cli("validate", EXAMPLE.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("two-clouds.yaml: ok: clouds 'aws' (local), 'ali' (local); 1 link, 0 faults;"
        + " signing key in $JOINTFLOW_CLUSTER_KEY");
  }

  @Test
  void aMalformedCloudsFileIsReportedLikeAnAppAndNothingIsWritten() throws Exception {
    Path bad = file("clouds.yaml", """
        clouds:
          aws:
            compute: {type: lambda}
            state: "sqlite:state/aws.db"
          ali: {}
        faults:
          - {cloud: gcp, kind: outage, to: 1s}
        """);
    Result r = cli("validate", bad.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains(bad + ":1:1: network has no links: every pair of clouds needs one")
        .contains(bad + ":3:21: cloud 'aws' compute type 'lambda' is unknown (valid: local, worker,"
            + " aws-lambda, aliyun-fc, http)")
        .contains(bad + ":7:13: fault #1 names unknown cloud 'gcp' (clouds: aws, ali)")
        .contains("jointflow: 3 errors");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("clouds.yaml");
    }
  }

  @Test
  void aCloudsFileGivenToRunStartsNothing() throws Exception {
    Path state = dir.resolve("state.db");
    Result r = cli("run", EXAMPLE.toString(), "--state", "sqlite:" + state);
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("two-clouds.yaml:9:1: this is a clouds file (it has a top-level 'clouds'"
        + " key), not an app definition").contains("nothing was run or changed");
    assertThat(state).doesNotExist();
  }

  @Test
  void anAppIsCheckedAgainstTheCloudsFileGivenWithIt() throws Exception {
    Path app = file("placed.yaml", PLACED);
    Result ok = cli("validate", app.toString(), EXAMPLE.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("placed.yaml: ok: app 'placed' (exactly-once), 2 functions, 1 bucket,"
        + " 1 trigger; entry 'upper', result 'exclaim'; placed on aws, ali");
    Path wrong = file("wrong.yaml", PLACED.replace("[aws]", "[gcp]").replace("gpu-t4-8g", "gpu-a100"));
    Result bad = cli("validate", wrong.toString(), EXAMPLE.toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err())
        .contains(wrong + ":2:1: app placement names unknown cloud 'gcp' (clouds: aws, ali)")
        .contains(wrong + ":5:78: function 'exclaim' profile 'gpu-a100' is unknown in its primary cloud 'ali'"
            + " (profiles: cpu-512, gpu-t4-8g)");
    Result alone = cli("validate", app.toString());
    assertThat(alone.code()).as(alone.err()).isZero();
  }
}
