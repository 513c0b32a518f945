package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several apps given to one worker or cluster are checked together before anything starts: two
 * apps of one name, or whose jars define one class differently, are refused with both files named,
 * and no process, state or cluster file is left; one jar shared by two apps is fine.
 */
class MultiAppRefusalTest {
  @TempDir Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  /** Clouds a and b, workers on ports nothing listens on, SQLite state in this test's directory; the key is set in no environment. */
  private Path clouds() throws Exception {
    return Files.writeString(dir.resolve("clouds.yaml"), WorkerCommandTest.CLOUDS);
  }

  private Path app(String file, String name, String jar) throws Exception {
    return Files.writeString(dir.resolve(file), """
        app: %s
        %s
        placement: [a, b]
        functions:
          upper: {class: org.acme.Loud, outputs: [mid]}
          bang: {class: io.jointflow.cli.Exclaim}
        buckets:
          mid: {triggers: [{name: next, type: immediate, target: bang}]}
        """.formatted(name, jar == null ? "" : "jars: [" + jar + "]"));
  }

  /** A jar with org.acme.Loud, which emits its input in upper case, or in lower case if {@code quiet}. */
  private Path loudJar(String name, boolean quiet) throws Exception {
    return TestFunctions.compiledJar(dir, Map.of("org.acme.Loud", """
        package org.acme;
        import io.jointflow.function.Call;
        import io.jointflow.function.Handler;
        public class Loud implements Handler {
          public Object handle(Call call) {
            return call.emit("mid", call.input().text().%s());
          }
        }
        """.formatted(quiet ? "toLowerCase" : "toUpperCase")), dir.resolve(name));
  }

  private void nothingStarted() {
    assertThat(dir.resolve("a.db")).doesNotExist();
    assertThat(dir.resolve("cluster")).doesNotExist();
  }

  @Test
  void twoAppsOfOneNameAreRefusedNamingBothFiles() throws Exception {
    Path jar = loudJar("loud.jar", false);
    Path one = app("one.yaml", "shout", jar.toString());
    Path two = app("two.yaml", "shout", jar.toString());
    String expected = "app 'shout' is defined twice, by " + one + " and by " + two;

    CliResult worker = cli("worker", "--cloud", "a", "--config", clouds().toString(), "--app", one.toString(), "--app",
        two.toString());
    assertThat(worker.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(worker.err()).contains(expected).contains("distinct names");
    assertThat(worker.out()).isEmpty();

    CliResult up = cli("cluster", "up", clouds().toString(), one.toString(), two.toString(), "--dir",
        dir.resolve("cluster").toString());
    assertThat(up.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(up.err()).contains(expected);
    assertThat(up.out()).doesNotContain("starting");
    nothingStarted();
  }

  @Test
  void appsWhoseJarsDefineOneClassDifferentlyAreRefusedNamingBothFiles() throws Exception {
    Path loud = loudJar("loud.jar", false);
    Path quiet = loudJar("quiet.jar", true);
    Path one = app("one.yaml", "shout", loud.toString());
    Path two = app("two.yaml", "murmur", quiet.toString());
    String expected = "apps 'shout' (" + one + ") and 'murmur' (" + two + ") have conflicting jars: class org.acme.Loud"
        + " differs between " + loud + " and " + quiet;

    CliResult worker = cli("worker", "--cloud", "a", "--config", clouds().toString(), "--app", one.toString(), "--app",
        two.toString());
    assertThat(worker.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(worker.err()).contains(expected);

    CliResult up = cli("cluster", "up", clouds().toString(), one.toString(), two.toString(), "--dir",
        dir.resolve("cluster").toString());
    assertThat(up.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(up.err()).contains(expected);
    nothingStarted();
  }

  @Test
  void oneJarSharedByTwoAppsOrAClassTheRuntimeHasIsNoConflict() throws Exception {
    Path loud = loudJar("loud.jar", false);
    Path copy = Files.copy(loud, dir.resolve("copy-of-loud.jar"));
    // Two versions of a class that the runtime's class path already has: both apps load the runtime's.
    String exclaim = """
        package io.jointflow.cli;
        public class Exclaim implements io.jointflow.function.Handler {
          public Object handle(io.jointflow.function.Call call) {
            return call.input().text() + "%s";
          }
        }
        """;
    Path bang = TestFunctions.compiledJar(dir, Map.of("io.jointflow.cli.Exclaim", exclaim.formatted("!!")), dir.resolve("bang.jar"));
    Path ask = TestFunctions.compiledJar(dir, Map.of("io.jointflow.cli.Exclaim", exclaim.formatted("?")), dir.resolve("ask.jar"));
    Clouds model = CloudsDefinitions.load(clouds());
    List<LoadedApp> apps = AppFiles.load(List.of(app("one.yaml", "shout", loud.toString()),
        app("two.yaml", "murmur", loud.toString()), app("three.yaml", "echo", copy.toString()),
        app("four.yaml", "bang", loud + ", " + bang), app("five.yaml", "ask", loud + ", " + ask)),
        MultiAppRefusalTest.class.getClassLoader(), model);
    assertThat(apps).extracting(a -> a.app().name()).containsExactly("shout", "murmur", "echo", "bang", "ask");
    nothingStarted();
  }
}
