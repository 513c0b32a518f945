package io.jointflow.definition;

import static io.jointflow.definition.DefinitionErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Trigger types, their parameters and conditions, each error at its exact position. */
class TriggerErrorsTest {
  private static final String TYPES = "immediate, by-name, by-batch-size, by-set, dynamic-join,"
      + " dynamic-group, redundant, by-time";

  @Test
  void aParameterOfAnotherTypeIsNamedWithTheValidOnes() {
    assertThat(errors("""
        app: wc
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: by-key
                type: by-name
                key: k
                size: 4
                target: count
              - name: each
                type: immediate
                window: 1s
                target: count
              - name: group
                type: dynamic-group
                controls: 2
                k: 1
                target: count
        """)).containsExactly(
        "11:9 parameter 'size' is not valid for trigger type 'by-name' (valid: key)",
        "15:9 parameter 'window' is not valid for trigger type 'immediate' (it takes no parameters)",
        "20:9 parameter 'k' is not valid for trigger type 'dynamic-group' (valid: control, controls)");
  }

  @Test
  void anUnknownOrMissingTypeListsTheEightTypes() {
    assertThat(errors("""
        app: wc
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: a
                type: by-size
                size: 4
                target: count
              - name: b
                target: count
        """)).containsExactly(
        "9:15 trigger 'a' on bucket 'chunks' has unknown type 'by-size' (valid: " + TYPES + ")",
        "12:9 trigger 'b' on bucket 'chunks' is missing required key 'type' (valid: " + TYPES + ")");
  }

  @Test
  void aTriggerWithABadTypeStillHasItsTargetChecked() {
    assertThat(errors("""
        app: wc
        entry: split
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: a
                type: by-size
                target: cuont
        """)).containsExactly(
        "10:15 trigger 'a' on bucket 'chunks' has unknown type 'by-size' (valid: " + TYPES + ")",
        "11:17 trigger 'a' on bucket 'chunks' targets unknown function 'cuont' (functions: split,"
            + " count)");
  }

  @Test
  void aBadConditionGivesTheConditionParserMessage() {
    assertThat(errors("""
        app: wc
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - name: a
                type: immediate
                target: count
                when: "meta.kind =="
        """)).containsExactly(
        "11:15 trigger 'a' on bucket 'chunks': condition 'meta.kind ==' at column 13: expected a"
            + " value (key, size, meta.NAME, a string or a number)");
  }

  @Test
  void primitiveConstructorErrorsAreReportedAtTheTrigger() {
    assertThat(errors("""
        app: wc
        functions:
          split: {class: x.Split, outputs: [chunks]}
          count: {class: x.Count}
        buckets:
          chunks:
            triggers:
              - {name: pair, type: redundant, k: 3, n: 2, target: count}
              - {name: set, type: by-set, keys: [a, a], target: count}
              - {name: empty, type: by-set, keys: [], target: count}
              - {name: batch, type: by-batch-size, size: 0, target: count}
              - {name: tick, type: by-time, window: 0ms, target: count}
              - {name: shuffle, type: dynamic-group, controls: 0, target: count}
              - {name: route, type: by-name, key: a/b, target: count}
        """)).containsExactly(
        "8:9 trigger 'pair' on bucket 'chunks': redundant trigger needs 1 <= k <= n: k=3, n=2",
        "9:9 trigger 'set' on bucket 'chunks': by-set trigger lists key 'a' twice in 'keys'",
        "10:9 trigger 'empty' on bucket 'chunks': by-set trigger needs a non-empty 'keys' list",
        "11:9 trigger 'batch' on bucket 'chunks': by-batch-size trigger needs size >= 1: 0",
        "12:9 trigger 'tick' on bucket 'chunks': by-time trigger needs a window of at least 1ms: PT0S",
        "13:9 trigger 'shuffle' on bucket 'chunks': dynamic-group trigger needs at least 1 control"
            + " key: 0",
        "14:9 trigger 'route' on bucket 'chunks': object key 'a/b' contains '/' or a control"
            + " character");
  }
}
