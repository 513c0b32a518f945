package io.jointflow.definition;

import static io.jointflow.definition.DefinitionErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems of a file as a whole, the jars, and a file with many problems at once. */
class DocumentErrorsTest {
  @TempDir
  Path dir;

  @Test
  void malformedYamlIsReportedWhereTheParserFailed() {
    assertThat(errors("""
        app: wc
        functions:
          split: {class: [x
        """)).containsExactly("4:1 malformed YAML: expected ',' or ']', but got <stream end>"
        + " (while parsing a flow sequence that starts at line 3, column 18)");
    assertThat(errors("app: wc\nfunctions:\n\t- a\n")).singleElement().asString()
        .startsWith("3:1 malformed YAML: found character '\\t(TAB)' that cannot start any token");
  }

  @Test
  void malformedJsonIsReportedWhereTheParserFailed() {
    List<Diagnostic> found = AppDefinitions.check(new StringReader("""
        {
          "app": "wc",
          "functions": {"only": {"class": "x.Only",}}
        }
        """), "app.json", dir, null);

    assertThat(found).singleElement().satisfies(d -> {
      assertThat(d.line()).isEqualTo(3);
      assertThat(d.column()).isEqualTo(44);
      assertThat(d.message()).startsWith("malformed JSON: Unexpected character ('}'");
    });
  }

  @Test
  void anEmptyFileOrOneThatIsNoMappingIsNamedSo() {
    assertThat(errors("# nothing yet\n")).containsExactly(
        "1:1 the file is empty: an app definition needs at least 'app' and 'functions'");
    assertThat(errors("- app: wc\n")).containsExactly(
        "1:1 an app definition must be a mapping with at least 'app' and 'functions', not a list");
  }

  @Test
  void aSecondDocumentIsRejected() {
    assertThat(errors("""
        app: wc
        functions: {only: {class: x.Only}}
        ---
        app: other
        """)).containsExactly(
        "4:1 unexpected content after the app definition: a file holds exactly one app");
  }

  @Test
  void yamlAliasesAreRejectedRatherThanReadAsTheirName() {
    assertThat(errors("""
        app: &name wc
        functions:
          only: {class: *name}
        """)).containsExactly(
        "3:17 YAML aliases are not supported: '*name' (write the value out)");
  }

  @Test
  void jarsAreResolvedAgainstTheFileAndEachMustBeAJar() throws Exception {
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("fake.jar"), "not a zip");
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, """
        app: wc
        jars: [lib/missing.jar, fake.jar, lib]
        functions:
          only: {class: x.Only}
        """);

    List<String> found = AppDefinitions.check(file, null).stream().map(Diagnostic::toString).toList();

    assertThat(found).hasSize(3);
    assertThat(found.get(0)).isEqualTo(file + ":2:8: jar 'lib/missing.jar' does not exist: "
        + dir.resolve("lib/missing.jar"));
    assertThat(found.get(1)).startsWith(file + ":2:25: jar 'fake.jar' cannot be read as a jar: "
        + dir.resolve("fake.jar"));
    assertThat(found.get(2)).isEqualTo(file + ":2:35: jar 'lib' is not a file: " + dir.resolve("lib"));
  }

  @Test
  void anUnreadableFileGivesOneDiagnosticWithTheReason() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    Path binary = dir.resolve("binary.yaml");
    Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe});

    assertThat(AppDefinitions.check(missing, null)).extracting(Diagnostic::toString)
        .containsExactly(missing + ": cannot read the file: no such file");
    assertThat(AppDefinitions.check(dir, null)).extracting(Diagnostic::toString)
        .containsExactly(dir + ": cannot read the file: Is a directory");
    assertThat(AppDefinitions.check(binary, null)).extracting(Diagnostic::toString)
        .containsExactly(binary + ": cannot read the file: it is not UTF-8 text");
  }

  /** The example of docs/app-format.md: every problem of the file, in file order, in one pass. */
  @Test
  void everyErrorOfAFileIsReportedTogetherInFileOrder() throws Exception {
    Path file = dir.resolve("wordcount.yaml");
    Files.writeString(file, """
        app: wordcount
        mode: exactly-once
        entry: split
        jars: [lib/handlers.jar]
        functions:
          split:
            class: io.example.Split
            outputs: [chunks]
            max-attempts: three
          count:
            class: io.example.Count
            outputs: [totals]
            timeout: soon
          report:
            class: io.example.Report
        buckets:
          chunks:
            triggers:
              - name: to-count
                type: by-name
                size: 4
                target: counter
                when: "meta.kind =="
          totals:
            triggers:
              - {name: pick, type: redundant, k: 5, n: 4, target: report, scope: local}
              - {name: tick, type: by-sizes, target: reprot}
        """);

    assertThat(AppDefinitions.check(file, null)).extracting(Diagnostic::toString).containsExactly(
        file + ":4:8: jar 'lib/handlers.jar' does not exist: " + dir.resolve("lib/handlers.jar"),
        file + ":9:19: function 'split' max-attempts must be an integer: 'three'",
        file + ":13:14: function 'count' timeout must be a duration (500ms, 3s, 2m, 1h, ISO-8601"
            + " like PT3S, or a number of milliseconds): 'soon'",
        file + ":19:9: trigger 'to-count' on bucket 'chunks' is missing required key 'key'",
        file + ":21:9: parameter 'size' is not valid for trigger type 'by-name' (valid: key)",
        file + ":22:17: trigger 'to-count' on bucket 'chunks' targets unknown function 'counter'"
            + " (functions: split, count, report)",
        file + ":23:15: trigger 'to-count' on bucket 'chunks': condition 'meta.kind ==' at column"
            + " 13: expected a value (key, size, meta.NAME, a string or a number)",
        file + ":26:9: trigger 'pick' on bucket 'totals': redundant trigger needs 1 <= k <= n: k=5,"
            + " n=4",
        file + ":26:74: trigger 'pick' on bucket 'totals': scope 'local' is unknown; valid: run,"
            + " global",
        file + ":27:28: trigger 'tick' on bucket 'totals' has unknown type 'by-sizes' (valid:"
            + " immediate, by-name, by-batch-size, by-set, dynamic-join, dynamic-group, redundant,"
            + " by-time)",
        file + ":27:46: trigger 'tick' on bucket 'totals' targets unknown function 'reprot'"
            + " (functions: split, count, report)");
  }
}
