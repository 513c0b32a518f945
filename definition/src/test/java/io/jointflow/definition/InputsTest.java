package io.jointflow.definition;

import static io.jointflow.definition.DefinitionErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional top-level {@code inputs}: default run inputs, with {@code @} file references. */
class InputsTest {
  @TempDir
  Path dir;

  private static final String FUNCTIONS = """
      functions:
        only: {class: x.Only}
      """;

  @Test
  void inputsKeepFileOrderAndScalarsAsWrittenAndFilesBecomeAbsolute() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/book.txt"), "call me Ishmael");
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, """
        app: wc
        inputs:
          text: "@data/book.txt"
          top: 10
          ratio: 1.50
          verbose: true
          label: words
          skipped:
        """ + FUNCTIONS);

    LoadedApp loaded = AppDefinitions.load(file, null);

    assertThat(loaded.inputs()).containsExactly(
        entry("text", "@" + dir.resolve("data/book.txt").toAbsolutePath().normalize()),
        entry("top", "10"), entry("ratio", "1.50"), entry("verbose", "true"),
        entry("label", "words"));
  }

  @Test
  void filesOfATextDefinitionAreRelativeToItsBaseDirectory() throws Exception {
    Files.writeString(dir.resolve("numbers.csv"), "1,2,3\n");
    LoadedApp loaded = AppDefinitions.load(new StringReader("""
        {"app": "wc", "inputs": {"data": "@numbers.csv", "n": 3},
         "functions": {"only": {"class": "x.Only"}}}
        """), "inline.json", dir, null);

    assertThat(loaded.inputs()).containsExactly(
        entry("data", "@" + dir.resolve("numbers.csv").toAbsolutePath().normalize()),
        entry("n", "3"));
  }

  @Test
  void aDefinitionWithoutInputsHasNone() {
    LoadedApp loaded = AppDefinitions.load(new StringReader("app: wc\n" + FUNCTIONS), "app.yaml",
        dir, null);

    assertThat(loaded.inputs()).isEmpty();
    assertThat(new LoadedApp(loaded.app(), "app.yaml", List.of()).inputs()).isEmpty();
  }

  @Test
  void missingUnusableAndEmptyFileReferencesAreReportedAtTheirValues() throws Exception {
    Files.createDirectories(dir.resolve("folder"));
    List<String> found = AppDefinitions.check(new StringReader("""
        app: wc
        inputs:
          text: "@data/missing.txt"
          dir: "@folder"
          none: "@"
        """ + FUNCTIONS), "app.yaml", dir, null).stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.message())
        .toList();

    Path abs = dir.toAbsolutePath().normalize();
    assertThat(found).containsExactly(
        "3:9 input 'text' file 'data/missing.txt' does not exist: " + abs.resolve("data/missing.txt"),
        "4:8 input 'dir' file 'folder' is not a file: " + abs.resolve("folder"),
        "5:9 input 'none' file '' is empty: write a path after '@', relative to the definition's"
            + " directory");
  }

  @Test
  void inputsMustBeAMappingOfScalarsUnderValidKeys() {
    assertThat(errors("""
        app: wc
        inputs: [a, b]
        """ + FUNCTIONS)).containsExactly("2:1 app definition inputs must be a mapping, not a list");
    assertThat(errors("""
        app: wc
        inputs:
          nested: {a: 1}
          list: [1, 2]
          "a/b": x
        """ + FUNCTIONS)).containsExactly(
        "3:3 input 'nested' must be a string, number or boolean, not a mapping",
        "4:3 input 'list' must be a string, number or boolean, not a list",
        "5:3 input object key 'a/b' contains '/' or a control character");
  }

  @Test
  void aBadInputDoesNotHideTheOtherProblemsOfTheDefinition() {
    assertThat(errors("""
        app: wc
        inputs: {text: "@nowhere.txt"}
        functions:
          only: {class: x.Only, max-attempts: zero}
        """)).hasSize(2).last().asString().contains("max-attempts must be an integer");
  }

  private static Map.Entry<String, String> entry(String k, String v) {
    return Map.entry(k, v);
  }
}
