package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import io.jointflow.definition.LoadedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example definitions as a set: they load, run without arguments, and are documented. */
class ExampleDefinitionsTest {
  private static final List<String> EXAMPLES =
      List.of("chain", "wordcount", "fanout", "stream", "redundant", "route");

  private static List<String> definitionsInTheDirectory() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
    }
  }

  @Test
  void everyDefinitionLoadsWithItsHandlerClassesAndDefaultInputsInTheDataDirectory() throws Exception {
    assertThat(definitionsInTheDirectory()).containsExactlyInAnyOrderElementsOf(EXAMPLES);
    Path data = Examples.data("");
    for (String name : EXAMPLES) {
      LoadedApp loaded = Examples.load(name);
      assertThat(loaded.app().name()).isEqualTo(name);
      assertThat(loaded.inputs()).as("default inputs of %s", name).isNotEmpty();
      loaded.inputs().values().stream().filter(v -> v.startsWith("@"))
          .forEach(v -> assertThat(Path.of(v.substring(1))).startsWith(data).isRegularFile());
    }
  }

  @Test
  void betweenThemTheExamplesUseEveryTriggerPrimitive() {
    Set<String> used = new TreeSet<>();
    for (String name : EXAMPLES) {
      Examples.load(name).app().triggers().stream().map(TriggerSpec::type).map(Trigger::typeName)
          .forEach(used::add);
    }
    assertThat(used).containsExactlyInAnyOrderElementsOf(Trigger.TYPE_NAMES);
  }

  @Test
  void theReadmeSaysHowToRunEachExampleAndTheDataReadmeNamesEachDataFile() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (String name : EXAMPLES) {
      assertThat(readme).contains("**`" + name + ".yaml`**").contains("./jointflow run examples/" + name + ".yaml");
    }
    String dataReadme = Files.readString(Path.of("data", "README.md"));
    try (Stream<Path> files = Files.list(Path.of("data"))) {
      files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("README.md"))
          .forEach(n -> assertThat(dataReadme).contains("`" + n + "`"));
    }
  }
}
