package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process, against SQLite files in a temp directory. */
class CliTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path app(String name, String yaml) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

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

  @Test
  void aFailureIsPrintedWithWhatItsCleanUpCouldNotDo() {
    io.jointflow.function.JointflowException failed = new io.jointflow.function.JointflowException("step 7 failed");
    failed.addSuppressed(new io.jointflow.function.JointflowException("record k stays; delete it with 'x --run r'"));
    StringWriter err = new StringWriter();
    assertThat(Main.report(failed, new PrintWriter(err, true))).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString().lines().toList()).containsExactly("jointflow: step 7 failed",
        "jointflow: and, cleaning up: record k stays; delete it with 'x --run r'");
  }

  @Test
  void runPrintsTheResultOnStdoutAndTheSummaryOnStderr() throws Exception {
    Path app = app("shout.yaml", TWO_STEP);
    String state = "sqlite:" + dir.resolve("state.db");
    Result r = cli("run", app.toString(), "--input", "text=hello", "--state", state);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().trim()).isEqualTo("HELLO!");
    assertThat(r.err()).contains("succeeded in").contains("upper").contains("exclaim").contains("instances");
    Files.writeString(dir.resolve("in.txt"), "from a file");
    Result f = cli("run", app.toString(), "-i", "text=@" + dir.resolve("in.txt"), "--state", state, "-q");
    assertThat(f.out().trim()).isEqualTo("FROM A FILE!");
    assertThat(f.err()).isEmpty();
    Result list = cli("runs", "list", "--state", state);
    assertThat(list.out()).contains("shout").contains("succeeded");
  }

  @Test
  void aFailedRunIsKeptShownAndResumedFromWhereItStopped() throws Exception {
    Path app = app("shout.yaml", TWO_STEP);
    Path flag = Files.writeString(dir.resolve("broken"), "x");
    System.setProperty("exclaim.broken", flag.toString());
    String state = "sqlite:" + dir.resolve("state.db");
    try {
      Result r = cli("run", app.toString(), "--input", "text=hi", "--state", state, "--run-id", "r-1");
      assertThat(r.code()).isEqualTo(Main.RUN_FAILED);
      assertThat(r.err()).contains("failed").contains("broken on purpose")
          .contains("jointflow runs resume r-1 --state " + state);
      Result show = cli("runs", "show", "r-1", "--state", state);
      assertThat(show.out()).contains("status:   failed").contains("text (2 B)").contains(app.toString());
      Files.delete(flag);
      Result resumed = cli("runs", "resume", "r-1", "--state", state);
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.out().trim()).isEqualTo("HI!");
      assertThat(resumed.err()).containsPattern("upper +1 ").containsPattern("exclaim +1 ");
    } finally {
      System.clearProperty("exclaim.broken");
    }
  }

  /** Ephemeral runs, and runs in --state memory, are not kept: the advice must not send the user to 'runs'. */
  @Test
  void aRunThatIsNotKeptGetsAdviceThatWorksForIt() throws Exception {
    Path ephemeral = app("ephemeral.yaml", TWO_STEP.replace("app: shout\n", "app: shout\nmode: ephemeral\n"));
    Path flag = Files.writeString(dir.resolve("broken"), "x");
    System.setProperty("exclaim.broken", flag.toString());
    String state = "sqlite:" + dir.resolve("state.db");
    try {
      Result r = cli("run", ephemeral.toString(), "--input", "text=hi", "--state", state, "--run-id", "e-1");
      assertThat(r.code()).isEqualTo(Main.RUN_FAILED);
      assertThat(r.err()).contains("broken on purpose").doesNotContain("jointflow runs resume").doesNotContain("jointflow runs show")
          .contains("ephemeral runs live only in the memory of the process that runs them")
          .contains("retry:   jointflow run " + ephemeral + " (after fixing the cause")
          .contains("set 'mode: exactly-once' in ephemeral.yaml");
      assertThat(cli("runs", "show", "e-1", "--state", state).err()).contains("run 'e-1' not found");

      Result memory = cli("run", app("shout.yaml", TWO_STEP).toString(), "--input", "text=hi", "--state", "memory");
      assertThat(memory.code()).isEqualTo(Main.RUN_FAILED);
      assertThat(memory.err()).contains("broken on purpose").doesNotContain("jointflow runs resume").doesNotContain("jointflow runs show")
          .contains("--state memory keeps nothing after the process ends")
          .contains("--state sqlite:PATH");
    } finally {
      System.clearProperty("exclaim.broken");
    }
  }

  @Test
  void anEphemeralRunThatTimesOutIsNotSentToResume() throws Exception {
    Path stuck = app("stuck.yaml", """
        app: stuck
        mode: ephemeral
        functions:
          upper: {class: io.jointflow.cli.Upper, outputs: [mid]}
          exclaim: {class: io.jointflow.cli.Exclaim}
        buckets:
          mid:
            triggers:
              - {name: next, type: by-name, key: never, target: exclaim}
        """);
    Result r = cli("run", stuck.toString(), "--input", "text=hi", "--state", "sqlite:" + dir.resolve("s.db"),
        "--timeout", "300ms", "-q");
    assertThat(r.code()).isEqualTo(Main.RUN_FAILED);
    assertThat(r.err()).contains("still running after").doesNotContain("jointflow runs resume")
        .contains("ephemeral runs live only in the memory of the process that runs them");
  }

  @Test
  void validateReportsEveryErrorWithLinesAndABadDefinitionChangesNothing() throws Exception {
    Path bad = app("bad.yaml", """
        app: shout
        functions:
          upper: {class: io.jointflow.cli.Nope, outputs: [mid]}
          exclaim: {class: io.jointflow.cli.Exclaim}
        buckets:
          mid:
            triggers:
              - {name: next, type: redundant, k: 5, n: 4, target: exclaim}
        """);
    Result v = cli("validate", bad.toString());
    assertThat(v.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(v.err()).contains("bad.yaml:3:").contains("io.jointflow.cli.Nope")
        .contains("bad.yaml:8:").contains("k=5, n=4");
    Path state = dir.resolve("state.db");
    Result run = cli("run", bad.toString(), "--state", "sqlite:" + state);
    assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err()).contains("nothing was run or changed");
    assertThat(state).doesNotExist();
    Result ok = cli("validate", app("good.yaml", TWO_STEP).toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("ok: app 'shout'");
  }

  @Test
  void badUsageNamesTheProblem() throws Exception {
    Path app = app("shout.yaml", TWO_STEP);
    assertThat(cli("run", app.toString(), "--input", "novalue", "--state", "memory").err())
        .contains("--input 'novalue' must be KEY=VALUE or KEY=@FILE");
    assertThat(cli("run", app.toString(), "--input", "t=@/no/such/file", "--state", "memory").err())
        .contains("input 't' names file '/no/such/file', which cannot be read");
    assertThat(cli("run", app.toString(), "--state", "cassandra:x").err())
        .contains("state store 'cassandra' is unknown (known: ");
    assertThat(cli("runs", "show", "nope", "--state", "sqlite:" + dir.resolve("s.db")).err())
        .contains("run 'nope' not found");
    assertThat(cli("run", dir.resolve("missing.yaml").toString(), "--state", "memory").code()).isEqualTo(Main.BAD_INPUT);
  }
}
