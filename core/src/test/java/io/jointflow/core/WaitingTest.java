package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.app.TriggerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A stalled run says which of its triggers wait for objects that never came. */
class WaitingTest {

  private static App stuck(Mode mode, UnaryOperator<TriggerSpec.Builder> trigger, String... keys) {
    return App.builder("stuck").mode(mode)
        .function("emit", c -> {
          List<String> ks = keys.length > 0 ? List.of(keys) : List.of(c.input().text().split(" "));
          for (String k : ks.stream().filter(k -> !k.isEmpty()).toList()) {
            c.emit("items", k, k.equals("ctrl") ? "3" : "v", Map.of("kind", "b"));
          }
          return null;
        }, "items")
        .function("join", c -> "never")
        .bucket("items", b -> b.trigger("t", t -> trigger.apply(t.target("join"))))
        .build();
  }

  private static App stuck(Mode mode, Trigger fanIn, String... keys) {
    return stuck(mode, t -> t.type(fanIn), keys);
  }

  private static List<String> waiting(Mode mode, Trigger fanIn, String... keys) {
    return waiting(stuck(mode, fanIn, keys));
  }

  private static List<String> waiting(App app) {
    try (Harness h = Harness.direct(51).deploy(app)) {
      RunHandle run = h.jf.start("stuck", Map.of("in", "x"));
      // Direct harness: everything that can run has run inside start(); the run is stuck now.
      assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
      return run.waitingOn();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eachStatefulPrimitiveExplainsWhatItWaitsFor(Mode mode) {
    assertThat(waiting(mode, Trigger.byBatchSize(4), "a", "b", "c"))
        .containsExactly("trigger 't' on bucket 'items' (by-batch-size) holds 3 of the 4 objects a batch needs");
    assertThat(waiting(mode, Trigger.bySet("a", "b", "c"), "a", "c"))
        .containsExactly("trigger 't' on bucket 'items' (by-set) is missing keys [b]");
    assertThat(waiting(mode, Trigger.dynamicJoin(), "a", "ctrl", "b"))
        .containsExactly("trigger 't' on bucket 'items' (dynamic-join) holds 2 of the 3 branches its control announced");
    assertThat(waiting(mode, Trigger.dynamicJoin(), "a", "b"))
        .containsExactly("trigger 't' on bucket 'items' (dynamic-join) holds 2 branches but no control object 'ctrl'");
    assertThat(waiting(mode, Trigger.dynamicGroup(3), "g:1", "ctrl:0", "ctrl:2"))
        .containsExactly("trigger 't' on bucket 'items' (dynamic-group) has 2 of 3 control keys; missing [ctrl:1]");
    assertThat(waiting(mode, Trigger.redundant(3, 4), "a", "b"))
        .containsExactly("trigger 't' on bucket 'items' (redundant) holds 2 of the 3 objects it fires on");
  }

  /** A run-scoped redundant trigger that fired drops later arrivals: it holds the run no longer. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRedundantTriggerThatFiredWaitsForNothing(Mode mode) {
    App app = App.builder("stuck").mode(mode)
        .function("emit", c -> {
          for (String k : List.of("a", "b", "c", "d")) {
            c.emit("items", k, "v");
          }
          return null;
        }, "items")
        .function("side", c -> null)
        .function("join", c -> "never")
        .result("join")
        .bucket("items", b -> b.trigger("r", Trigger.redundant(2, 3), "side").trigger("b", Trigger.byBatchSize(5), "join"))
        .build();
    assertThat(waiting(app))
        .containsExactly("trigger 'b' on bucket 'items' (by-batch-size) holds 4 of the 5 objects a batch needs");
  }

  /** Exactly-once runs know every object of a bucket from their output checkpoints. */
  @Test
  void aByNameKeyThatNeverCameIsNamedWithTheKeysThatDid() {
    assertThat(waiting(Mode.EXACTLY_ONCE, Trigger.byName("left"), "Left", "x"))
        .containsExactly("trigger 't' on bucket 'items' (by-name) has not got key 'left'; the bucket got 2 other objects: Left, x");
    assertThat(waiting(stuck(Mode.EXACTLY_ONCE, t -> t.type(Trigger.byName("left")).when("meta.kind == 'a'"), "left")))
        .containsExactly("trigger 't' on bucket 'items' (by-name) got key 'left' but its condition is false for it: meta.kind == 'a'");
    assertThat(waiting(Mode.EXACTLY_ONCE, Trigger.bySet("a", "b"), "A", "B"))
        .containsExactly("trigger 't' on bucket 'items' (by-set) is missing keys [a, b]; the bucket got 2 other objects: A, B");
    // Nothing came into the bucket: the run waits further up, not on this trigger.
    assertThat(waiting(Mode.EXACTLY_ONCE, Trigger.byName("left"), "")).isEmpty();
  }

  /** Ephemeral runs record no keys: a by-name trigger is reported when its target never ran. */
  @Test
  void anEphemeralByNameTriggerSaysWhatLittleIsKnown() {
    assertThat(waiting(Mode.EPHEMERAL, Trigger.byName("left"), "Left"))
        .containsExactly("trigger 't' on bucket 'items' (by-name) waits for key 'left', as far as is known: its target"
            + " 'join' never ran, while 'emit', which can emit into the bucket, did (ephemeral runs do not record"
            + " which keys arrived)");
    assertThat(waiting(Mode.EPHEMERAL, Trigger.bySet("a", "b"), "A"))
        .containsExactly("trigger 't' on bucket 'items' (by-set) waits for keys [a, b], as far as is known: its"
            + " target 'join' never ran, while 'emit', which can emit into the bucket, did (ephemeral runs do not"
            + " record which keys arrived)");
  }

  /** Global triggers: the incomplete round that holds this run's objects, filled by any run. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void globalTriggersSayWhichRoundHoldsThisRunsObjects(Mode mode) {
    assertThat(globalWaiting(mode, Trigger.byBatchSize(3), "a", "b"))
        .containsExactly("trigger 't' on bucket 'items' (by-batch-size, global) holds 2 of the 3 objects a batch"
            + " needs, 1 of them from this run; the rest must come from any run");
    assertThat(globalWaiting(mode, Trigger.redundant(3, 4), "a", "b"))
        .containsExactly("trigger 't' on bucket 'items' (redundant, global) holds 2 of the 3 objects its round"
            + " fires on, 1 of them from this run; the rest must come from any run");
    assertThat(globalWaiting(mode, Trigger.bySet("a", "b", "c"), "a b", "a"))
        .containsExactly("trigger 't' on bucket 'items' (by-set, global) holds key 'a' from this run in a round that"
            + " is missing keys [b, c] (from any run)");
    assertThat(globalWaiting(mode, Trigger.dynamicGroup(List.of("c0", "c1")), "g:x c0 c1", "g:y c0"))
        .containsExactly("trigger 't' on bucket 'items' (dynamic-group, global) has 1 of 2 control keys in the round"
            + " of this run's key 'c0'; missing [c1] (from any run)");
    assertThat(globalWaiting(mode, Trigger.dynamicJoin(), "x"))
        .containsExactly("trigger 't' on bucket 'items' (dynamic-join, global) holds 1 branch from this run but no"
            + " run has sent a control object 'ctrl'");
    assertThat(globalWaiting(mode, Trigger.dynamicJoin(), "x ctrl"))
        .containsExactly("trigger 't' on bucket 'items' (dynamic-join, global) has not got all the branches that this"
            + " run's control object 'ctrl' announced (round 0; branches come from any run)");
  }

  /** Starts one run per input (each a space-separated key list) and returns what the last one waits for. */
  private static List<String> globalWaiting(Mode mode, Trigger trigger, String... runs) {
    try (Harness h = Harness.direct(52).deploy(stuck(mode, t -> t.type(trigger).global()))) {
      RunHandle last = null;
      for (int i = 0; i < runs.length; i++) {
        last = h.jf.start("stuck", "r" + i, Map.of("in", runs[i]));
      }
      assertThat(last.await(Duration.ofMillis(20)).status()).isEqualTo(RunStatus.RUNNING);
      return last.waitingOn();
    }
  }
}
