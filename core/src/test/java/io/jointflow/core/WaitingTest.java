package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A stalled run says which of its triggers wait for objects that never came. */
class WaitingTest {

  private static App stuck(Mode mode, Trigger fanIn, String... keys) {
    return App.builder("stuck").mode(mode)
        .function("emit", c -> {
          for (String k : keys) {
            c.emit("items", k, k.equals("ctrl") ? "3" : "v");
          }
          return null;
        }, "items")
        .function("join", c -> "never")
        .bucket("items", b -> b.trigger("t", fanIn, "join"))
        .build();
  }

  private static List<String> waiting(Mode mode, Trigger fanIn, String... keys) {
    try (Harness h = Harness.direct(51).deploy(stuck(mode, fanIn, keys))) {
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
}
