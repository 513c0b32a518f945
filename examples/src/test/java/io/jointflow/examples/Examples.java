package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Mode;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunHandle;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.testkit.Await;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an example the way {@code jointflow run examples/NAME.yaml} does: loads the definition,
 * deploys it on an embedded Jointflow with a memory state store, starts a run with the
 * definition's default inputs ({@code @file} values read as bytes) overridden by the test's, and
 * waits for the end. Prints the run time, which the example README quotes.
 */
final class Examples {
  private static final ClassLoader HANDLERS = Examples.class.getClassLoader();
  private static final Pattern MODE = Pattern.compile("(?m)^mode:.*$");
  private static final Pattern APP = Pattern.compile("(?m)^app:.*$");

  private Examples() {}

  /** The definition file of an example; tests run in the module directory. */
  static Path definition(String name) {
    return Path.of(name + ".yaml").toAbsolutePath();
  }

  /** A file under {@code examples/data}. */
  static Path data(String file) {
    return Path.of("data", file).toAbsolutePath();
  }

  /** Loads an example as written. */
  static LoadedApp load(String name) {
    return AppDefinitions.load(definition(name), HANDLERS);
  }

  /**
   * Loads an example in another mode: the definition text with its {@code mode} set, so that both
   * modes run the same definition.
   */
  static LoadedApp load(String name, Mode mode) {
    return loadEdited(name, text -> {
      String line = "mode: " + mode.configName();
      Matcher m = MODE.matcher(text);
      if (m.find()) {
        return m.replaceFirst(line);
      }
      Matcher app = APP.matcher(text);
      assertThat(app.find()).as("%s has an 'app:' line", definition(name)).isTrue();
      return text.substring(0, app.end()) + "\n" + line + text.substring(app.end());
    });
  }

  /** Loads an example from its definition text as changed by {@code edit}. */
  static LoadedApp loadEdited(String name, UnaryOperator<String> edit) {
    Path file = definition(name);
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AppDefinitions.load(new StringReader(edit.apply(text)), file.toString(), file.getParent(), HANDLERS);
  }

  /** Runs an example as written with its default inputs; asserts that it succeeded. */
  static RunInfo run(String name) {
    return run(load(name), Map.of());
  }

  /** Runs a loaded example with inputs that override its defaults; asserts that it succeeded. */
  static RunInfo run(LoadedApp loaded, Map<String, String> inputs) {
    RunInfo info = runAllowingFailure(loaded, inputs);
    assertThat(info.status()).as("run of %s failed: %s", loaded.app().name(), info.failure())
        .isEqualTo(RunStatus.SUCCEEDED);
    return info;
  }

  /** Runs a loaded example and returns however it ended. */
  static RunInfo runAllowingFailure(LoadedApp loaded, Map<String, String> inputs) {
    Map<String, String> merged = new LinkedHashMap<>(loaded.inputs());
    merged.putAll(inputs);
    Map<String, Object> values = new LinkedHashMap<>();
    merged.forEach((key, value) -> values.put(key, value.startsWith("@") ? read(value.substring(1)) : value));
    try (Jointflow jf = Jointflow.builder().state("memory").build()) {
      jf.deploy(loaded.app(), HANDLERS, loaded.source());
      long t0 = System.nanoTime();
      RunHandle run = jf.start(loaded.app().name(), values);
      RunInfo info = run.await(Await.HANG_GUARD); // every example ends in well under a second
      long ms = (System.nanoTime() - t0) / 1_000_000;
      awaitQuiet(run);
      String result = String.valueOf(info.resultText());
      System.out.printf("example %s (%s) %s: %s in %d ms: %s%n", loaded.app().name(),
          loaded.app().mode().configName(), inputs, info.status(), ms,
          result.length() > 400 ? result.substring(0, 400) + "..." : result);
      return info;
    }
  }

  /**
   * Waits until no instance of the run executes any more, e.g. the straggler a redundant trigger
   * left behind. Jointflow.close() does not wait for them, and an instance that outlives it fails
   * noisily on the closed stores.
   */
  private static void awaitQuiet(RunHandle run) {
    Await.until("no instance of run " + run.runId() + " still executing", () -> run.progress().running() == 0);
  }

  private static byte[] read(String path) {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
