package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Condition;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.Mode;
import io.jointflow.app.RerunHint;
import io.jointflow.app.Scope;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppDefinitionsTest {
  private static final String ECHO = EchoHandler.class.getName();
  private static final ClassLoader HANDLERS = AppDefinitionsTest.class.getClassLoader();

  /** complete.yaml written with the Java builder. */
  private static App expected() {
    return App.builder("showcase")
        .mode(Mode.EPHEMERAL)
        .entry("split")
        .result("collect")
        .functionSpec("split", f -> f.handlerClass(ECHO).outputs("chunks", "keyed", "sets", "controls")
            .concurrency(64).maxAttempts(5).timeout(Duration.ofSeconds(30))
            .config("parts", "4").config("ratio", "1.50").config("verbose", "true")
            .config("label", "words"))
        .functionSpec("work", f -> f.handlerClass(ECHO).outputs("results").timeout(Duration.ofMinutes(2)))
        .functionSpec("collect", f -> f.handlerClass(ECHO).timeout(Duration.ofHours(1)))
        .bucket("chunks", b -> b
            .trigger("each", t -> t.immediate().target("work").scope(Scope.RUN)
                .when("meta.kind == 'a' && size < 1024").maxFires(1000)
                .rerun("split", Duration.ofSeconds(3)))
            .trigger("batch", t -> t.type(Trigger.byBatchSize(4)).target("work").global())
            .trigger("first-two", Trigger.redundant(2, 3), "work"))
        .bucket("keyed", b -> b
            .trigger("hot", t -> t.type(Trigger.byName("hot")).target("work")
                .rerun("split", RerunHint.DEFAULT_TIMEOUT))
            .trigger("join", Trigger.dynamicJoin(), "work")
            .trigger("join-count", new Trigger.DynamicJoin("count"), "work"))
        .bucket("sets", b -> b.trigger("abc", Trigger.bySet("a", "b", "c"), "work"))
        .bucket("controls", b -> b
            .trigger("listed", Trigger.dynamicGroup(List.of("c1", "c2")), "work")
            .trigger("counted", Trigger.dynamicGroup(3), "work"))
        .bucket("results", b -> b
            .trigger("tick", t -> t.type(Trigger.byTime(Duration.ofMillis(500))).target("collect")
                .global().rerun("work", Duration.ofMillis(250))))
        .bucket("archive")
        .bucket("sink")
        .build();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(AppDefinitionsTest.class.getResource(name).toURI());
  }

  private static void assertSameApp(App actual, App expected) {
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.mode()).isEqualTo(expected.mode());
    assertThat(actual.entry()).isEqualTo(expected.entry());
    assertThat(actual.result()).isEqualTo(expected.result());
    assertThat(List.copyOf(actual.functions().keySet()))
        .containsExactlyElementsOf(expected.functions().keySet());
    assertThat(actual.functions()).isEqualTo(expected.functions());
    assertThat(List.copyOf(actual.buckets().keySet()))
        .containsExactlyElementsOf(expected.buckets().keySet());
    assertThat(actual.buckets()).isEqualTo(expected.buckets());
    assertThat(actual.triggers()).containsExactlyElementsOf(expected.triggers());
  }

  @Test
  void completeYamlBuildsTheAppTheBuilderBuilds() throws Exception {
    LoadedApp loaded = AppDefinitions.load(resource("complete.yaml"), HANDLERS);

    assertSameApp(loaded.app(), expected());
    assertThat(loaded.jars()).isEmpty();
    assertThat(loaded.source()).endsWith("complete.yaml");
  }

  @Test
  void completeYamlTriggerRecordsCarryEveryOption() throws Exception {
    App app = AppDefinitions.load(resource("complete.yaml"), HANDLERS).app();

    assertThat(app.bucket("chunks").triggers()).containsExactly(
        new TriggerSpec("each", "chunks", "work", new Trigger.Immediate(), Scope.RUN,
            Condition.parse("meta.kind == 'a' && size < 1024"),
            new RerunHint("split", Duration.ofSeconds(3)), 1000),
        new TriggerSpec("batch", "chunks", "work", new Trigger.ByBatchSize(4), Scope.GLOBAL,
            null, null, 0),
        new TriggerSpec("first-two", "chunks", "work", new Trigger.Redundant(2, 3), Scope.RUN,
            null, null, 0));
    assertThat(app.bucket("results").triggers()).containsExactly(
        new TriggerSpec("tick", "results", "collect", new Trigger.ByTime(Duration.ofMillis(500)),
            Scope.GLOBAL, null, new RerunHint("work", Duration.ofMillis(250)), 0));
    assertThat(app.bucket("controls").triggers()).extracting(TriggerSpec::type).containsExactly(
        new Trigger.DynamicGroup(List.of("c1", "c2")),
        new Trigger.DynamicGroup(List.of("ctrl:0", "ctrl:1", "ctrl:2")));
    assertThat(app.function("split").config())
        .isEqualTo(Map.of("parts", "4", "ratio", "1.50", "verbose", "true", "label", "words"));
  }

  @Test
  void jsonEquivalentBuildsTheSameApp() throws Exception {
    LoadedApp loaded = AppDefinitions.load(resource("complete.json"), HANDLERS);

    assertSameApp(loaded.app(), expected());
  }

  @Test
  void omittedOptionsTakeTheirDefaults() {
    App app = load("""
        app: wc
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - {name: to-count, type: immediate, target: count}
        """);

    assertThat(app.mode()).isEqualTo(Mode.EXACTLY_ONCE);
    assertThat(app.entry()).isEqualTo("split");
    assertThat(app.result()).isEqualTo("count");
    FunctionSpec count = app.function("count");
    assertThat(count.outputs()).isEmpty();
    assertThat(count.concurrency()).isEqualTo(FunctionSpec.DEFAULT_CONCURRENCY);
    assertThat(count.maxAttempts()).isEqualTo(FunctionSpec.DEFAULT_MAX_ATTEMPTS);
    assertThat(count.timeout()).isEqualTo(FunctionSpec.DEFAULT_TIMEOUT);
    assertThat(count.config()).isEmpty();
    assertThat(app.triggers()).containsExactly(new TriggerSpec("to-count", "chunks", "count",
        new Trigger.Immediate(), Scope.RUN, null, null, 0));
  }

  @Test
  void keysWithoutValuesCountAsOmitted() {
    App app = load("""
        app: wc
        mode:
        functions:
          only:
            class: x.Only
            timeout: ~
            outputs:
        buckets:
        """);

    assertThat(app.mode()).isEqualTo(Mode.EXACTLY_ONCE);
    assertThat(app.function("only").timeout()).isEqualTo(FunctionSpec.DEFAULT_TIMEOUT);
    assertThat(app.buckets()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "3s, 3000", "2m, 120000", "1h, 3600000", "PT3S, 3000", "250, 250",
      "'\"250\"', 250", "PT0.5S, 500"})
  void durationsInEveryForm(String written, long millis) {
    App app = load("""
        app: wc
        functions:
          only: {class: x.Only, timeout: %s}
        """.formatted(written));

    assertThat(app.function("only").timeout()).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void textLoadsUseTheDisplayNameAndPickJsonByItsExtension() {
    LoadedApp loaded = AppDefinitions.load(new StringReader("""
        {"app": "wc", "functions": {"only": {"class": "x.Only"}}}
        """), "inline.json", Path.of("."), null);

    assertThat(loaded.source()).isEqualTo("inline.json");
    assertThat(loaded.app().functions()).containsOnlyKeys("only");
  }

  @Test
  void loadThrowsEveryDiagnosticAndCheckReturnsThem() {
    String text = """
        app: wc
        functions:
          only: {class: x.Only, max-attempts: three, concurrency: many}
        """;

    List<Diagnostic> checked = AppDefinitions.check(new StringReader(text), "bad.yaml", Path.of("."), null);
    assertThat(checked).hasSize(2);
    assertThatThrownBy(() -> AppDefinitions.load(new StringReader(text), "bad.yaml", Path.of("."), null))
        .isInstanceOfSatisfying(DefinitionException.class, e -> {
          assertThat(e.diagnostics()).isEqualTo(checked);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).isEqualTo("app definition bad.yaml has 2 errors:\n"
              + "bad.yaml:3:39: function 'only' max-attempts must be an integer: 'three'\n"
              + "bad.yaml:3:59: function 'only' concurrency must be an integer: 'many'");
        });
  }

  @Test
  void diagnosticsFormatLikeACompiler() {
    assertThat(new Diagnostic("app.yaml", 3, 7, "bad")).hasToString("app.yaml:3:7: bad");
    assertThat(new Diagnostic("app.yaml", 0, 0, "cannot read")).hasToString("app.yaml: cannot read");
  }

  private static App load(String yaml) {
    return AppDefinitions.load(new StringReader(yaml), "app.yaml", Path.of("."), null).app();
  }
}
