package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per class of error, each asserting the exact positions; {@link TriggerErrorsTest} has
 * the trigger types and parameters, {@link DocumentErrorsTest} the problems of a file as a whole.
 */
class DefinitionErrorsTest {
  /** Diagnostics as {@code line:column message}. */
  static List<String> errors(String yaml) {
    return AppDefinitions.check(new StringReader(yaml), "app.yaml", Path.of("."), null).stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.message())
        .toList();
  }

  @Test
  void wrongTypesNameTheKeyAndTheValue() {
    assertThat(errors("""
        app: wc
        functions:
          split:
            class: x.Split
            outputs: chunks
            concurrency: 1.5
            max-attempts: three
            timeout: [1s]
            config: {a: {b: c}, d: 1}
        buckets: [chunks]
        """)).containsExactly(
        "5:14 function 'split' outputs must be a list: 'chunks'",
        "6:18 function 'split' concurrency must be an integer: '1.5'",
        "7:19 function 'split' max-attempts must be an integer: 'three'",
        "8:5 function 'split' timeout must be a duration (500ms, 3s, 2m, 1h, ISO-8601 like PT3S,"
            + " or a number of milliseconds), not a list",
        "9:14 function 'split' config 'a' must be a string, number or boolean, not a mapping",
        "10:1 app definition buckets must be a mapping, not a list");
  }

  @Test
  void unknownKeysAtEveryLevelListTheValidKeys() {
    assertThat(errors("""
        app: wc
        colour: red
        functions:
          split:
            class: x.Split
            outputs: [chunks]
            retries: 3
          count: {class: x.Count}
        buckets:
          chunks:
            trigger: []
            triggers:
              - name: to-count
                type: immediate
                target: count
                priority: 1
                rerun: {source: split, delay: 1s}
        """)).containsExactly(
        "2:1 unknown key 'colour' in app definition (valid: app, mode, entry, result, placement,"
            + " jars, inputs, functions, buckets)",
        "7:5 unknown key 'retries' in function 'split' (valid: class, outputs, placement, profile,"
            + " concurrency, max-attempts, timeout, config)",
        "11:5 unknown key 'trigger' in bucket 'chunks' (valid: triggers)",
        "16:9 unknown key 'priority' in trigger 'to-count' on bucket 'chunks' (valid: name, type,"
            + " target, scope, when, max-fires, rerun, state)",
        "17:32 unknown key 'delay' in rerun hint of trigger 'to-count' on bucket 'chunks'"
            + " (valid: source, timeout)");
  }

  @Test
  void badNamesAreReportedWhereTheyAreWritten() {
    String rule = "use letters, digits, '_', '.', '-' (at most 128 characters, starting with a letter or digit)";
    assertThat(errors("""
        app: word count
        functions:
          bad name: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: to count
                type: immediate
                target: count
                rerun: {source: bad source}
          bad/bucket: {}
        """)).containsExactly(
        "1:6 app name 'word count' is invalid: " + rule,
        "3:3 function name 'bad name' is invalid: " + rule,
        "8:9 trigger name 'to count' is invalid: " + rule,
        "11:9 rerun hint of trigger 'to count' on bucket 'chunks': rerun source function name"
            + " 'bad source' is invalid: " + rule,
        "12:3 bucket name 'bad/bucket' is invalid: " + rule);
  }

  @Test
  void missingRequiredKeysAreReportedAtTheirElement() {
    assertThat(errors("""
        functions:
          split:
            outputs: [chunks]
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - type: immediate
                target: count
              - name: no-target
                type: immediate
              - name: batch
                type: by-batch-size
                target: count
              - name: pair
                type: redundant
                k: 1
                target: count
              - name: tick
                type: by-time
                target: count
              - name: shuffle
                type: dynamic-group
                target: count
              - name: routed
                type: by-name
                target: count
              - name: set
                type: by-set
                target: count
        """)).containsExactly(
        "1:1 app definition is missing required key 'app'",
        "2:3 function 'split' is missing required key 'class'",
        "8:9 trigger #1 on bucket 'chunks' is missing required key 'name'",
        "10:9 trigger 'no-target' on bucket 'chunks' has no target (functions: split, count)",
        "12:9 trigger 'batch' on bucket 'chunks' is missing required key 'size'",
        "15:9 trigger 'pair' on bucket 'chunks' is missing required key 'n'",
        "19:9 trigger 'tick' on bucket 'chunks' is missing required key 'window'",
        "22:9 trigger 'shuffle' on bucket 'chunks' of type 'dynamic-group' needs one of 'control'"
            + " (a list of control keys) or 'controls' (their count)",
        "25:9 trigger 'routed' on bucket 'chunks' is missing required key 'key'",
        "28:9 trigger 'set' on bucket 'chunks' is missing required key 'keys'");
  }

  @Test
  void missingOrEmptyFunctionsAreReportedOnce() {
    assertThat(errors("""
        app: wc
        buckets: {}
        """)).containsExactly("1:1 app definition is missing required key 'functions'");
    assertThat(errors("""
        app: wc
        functions: {}
        """)).containsExactly("2:1 app has no functions");
  }

  @Test
  void builderProblemsMapToTheLineOfTheirElement() {
    assertThat(errors("""
        app: wc
        entry: start
        result: end
        functions:
          split:
            class: x.Split
            outputs: [chunks, chunks, nowhere]
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: to-count
                type: immediate
                target: counter
                rerun: {source: splitter}
        """)).containsExactly(
        "2:8 entry function 'start' is unknown (functions: split, count)",
        "3:9 result function 'end' is unknown (functions: split, count)",
        "7:5 function 'split' lists output 'chunks' twice",
        "7:5 function 'split' outputs to unknown bucket 'nowhere' (buckets: chunks)",
        "14:17 trigger 'to-count' on bucket 'chunks' targets unknown function 'counter' (functions:"
            + " split, count)",
        "15:25 trigger 'to-count' has a rerun hint for unknown function 'splitter' (functions:"
            + " split, count)");
  }

  @Test
  void anEntryThatCannotBeInferredIsReportedAtTheApp() {
    assertThat(errors("""
        app: wc
        functions:
          a: {class: x.A}
          b: {class: x.B}
        """)).containsExactly(
        "1:1 app needs 'entry': the function a run starts with (candidates: a, b)",
        "1:1 app needs 'result': the function whose completion ends a run (candidates: a, b)");
  }

  @Test
  void anUnboundedCycleIsReportedAtTheBucketsAndMaxFiresBoundsIt() {
    String loop = """
        app: loop
        entry: a
        result: b
        functions:
          a: {class: x.A, outputs: [to-b]}
          b: {class: x.B, outputs: [to-a]}
        buckets:
          to-b:
            triggers: [{name: fwd, type: immediate, target: b}]
          to-a:
            triggers: [{name: back, type: immediate, target: a%s}]
        """;
    assertThat(errors(loop.formatted(""))).containsExactly(
        "7:1 cycle without a bound: a -> b -> a (via bucket 'to-a', trigger 'back'); set"
            + " 'max-fires' on one of its triggers");
    assertThat(errors(loop.formatted(", max-fires: 10"))).isEmpty();
  }

  @Test
  void duplicateFunctionsAndTriggersPointBackToTheFirst() {
    assertThat(errors("""
        app: wc
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
          split: {class: x.Other}
        buckets:
          chunks:
            triggers:
              - {name: t, type: immediate, target: count}
              - {name: t, type: immediate, target: count}
        """)).containsExactly(
        "5:3 duplicate key 'split' (first at line 3)",
        "10:9 bucket 'chunks' has two triggers named 't' (first at line 9)");
  }

  @Test
  void closedSetsAndRangesNameTheValidChoices() {
    assertThat(errors("""
        app: wc
        mode: sometimes
        functions:
          split: {class: x.Split, outputs: [chunks], concurrency: 0, max-attempts: 0, timeout: 0ms}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: t
                type: immediate
                target: count
                scope: local
                max-fires: -1
        """)).containsExactly(
        "2:7 mode 'sometimes' is unknown; valid: exactly-once, ephemeral",
        "4:59 function 'split' concurrency must be >= 1: 0",
        "4:76 function 'split' max-attempts must be >= 1: 0",
        "4:88 function 'split' timeout must be at least 1ms: PT0S",
        "12:16 trigger 't' on bucket 'chunks': scope 'local' is unknown; valid: run, global",
        "13:20 trigger 't' on bucket 'chunks' max-fires must be >= 0 (0 = no limit): -1");
  }

  @Test
  void structureErrorsInsideTheMapsAreNamed() {
    assertThat(errors("""
        app: wc
        entry: split
        result: count
        functions:
          split: x.Split
          count: {class: x.Count}
        buckets:
          chunks: [a]
          done:
            triggers:
              - immediate
        """)).containsExactly(
        "5:10 function 'split' must be a mapping with 'class', not a string",
        "8:11 bucket 'chunks' must be a mapping with 'triggers' or nothing, not a list",
        "11:9 trigger #1 on bucket 'done' must be a mapping with name, type and target, not a string");
  }

  @Test
  void jsonErrorsHaveJsonPositions() {
    assertThat(AppDefinitions.check(new StringReader("""
        {
          "app": "wc",
          "functions": {
            "only": {"class": "x.Only", "retries": 3}
          }
        }
        """), "app.json", Path.of("."), null)).extracting(Diagnostic::toString).containsExactly(
        "app.json:4:33: unknown key 'retries' in function 'only' (valid: class, outputs,"
            + " placement, profile, concurrency, max-attempts, timeout, config)");
  }

  @Test
  void aStateCloudIsReportedWhereItIsWritten() {
    assertThat(errors("""
        app: mc
        placement: [aws]
        result: sum
        functions:
          map: {class: x.Map, outputs: [hits, each]}
          sum: {class: x.Sum}
          work: {class: x.Work}
        buckets:
          hits:
            triggers:
              - {name: join, type: dynamic-join, target: sum, state: [ali]}
          each:
            triggers:
              - name: go
                type: immediate
                target: work
                state: ali
        """)).containsExactly(
        "11:55 trigger 'join' on bucket 'hits' state must be a string, not a list",
        "17:16 trigger 'go' on bucket 'each' is immediate and keeps no state, so it has no state cloud: remove 'state'");
  }
}
