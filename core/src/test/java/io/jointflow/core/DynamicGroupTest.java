package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.function.Obj;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** dynamic-group never drops data silently: data after the control keys fails the run. */
class DynamicGroupTest {

  private static String keys(List<Obj> objs) {
    return String.join(",", objs.stream().map(Obj::key).toList());
  }

  /**
   * Data that arrives after every control key has arrived would miss its group: the run fails and
   * says which trigger, which key and what to do, whether the late data comes from the instance that
   * emitted the last control key or from another one.
   */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void dataAfterTheControlKeysFailsTheRunNamingTheTriggerTheKeyAndWhatToDo(Mode mode) {
    Queue<String> groups = new ConcurrentLinkedQueue<>();
    App app = App.builder("late").mode(mode)
        .function("emit", c -> {
          c.emit("pairs", "g:a", "1");
          c.emit("pairs", "ctrl:0", "done");
          if (c.input().text().equals("own")) {
            c.emit("pairs", "g:b", "2");
          }
          c.emit("go", "x");
          return null;
        }, "pairs", "go")
        .function("straggle", c -> {
          c.emit("pairs", "g:c", "3");
          c.emit("done", "straggled", "");
          return null;
        }, "pairs", "done")
        .function("reduce", c -> {
          groups.add(keys(c.inputs()));
          c.emit("done", "reduced", "");
          return null;
        }, "done")
        .function("finish", c -> "ok")
        .bucket("pairs", b -> b.trigger("shuffle", Trigger.dynamicGroup(1), "reduce"))
        .bucket("go", b -> b.trigger("t", Trigger.immediate(), "straggle"))
        .bucket("done", b -> b.trigger("t", Trigger.bySet("reduced", "straggled"), "finish"))
        .build();
    try (Harness h = Harness.direct(14).deploy(app)) {
      RunInfo own = h.run("late", Map.of("in", "own"));
      assertThat(own.status()).isEqualTo(RunStatus.FAILED);
      assertThat(own.failure()).contains("function 'emit'")
          .contains("dynamic-group trigger 'shuffle' on bucket 'pairs' got data key 'g:b' after all its control keys [ctrl:0]"
              + " had arrived, so its group fired without it; emit all data before the last control key");
      assertThat(groups).isEmpty();
      RunInfo other = h.run("late", Map.of("in", "other"));
      assertThat(other.status()).isEqualTo(RunStatus.FAILED);
      assertThat(other.failure()).contains("function 'straggle'")
          .contains("dynamic-group trigger 'shuffle' on bucket 'pairs' got data key 'g:c' after all its control keys")
          .contains("emit all data before the last control key");
    }
  }

  /**
   * Stragglers race the last control key: whatever the interleaving, a run either delivers every
   * straggler's data or fails naming the late key; it never succeeds without some of it.
   */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void dataRacingTheLastControlKeyIsDeliveredOrFailsTheRunNeverDropped(Mode mode) {
    int mappers = 8;
    int stragglers = 2;
    App app = App.builder("race").mode(mode)
        .function("split", c -> {
          for (int i = 0; i < mappers; i++) {
            c.emit("work", "m" + i, String.valueOf(i));
            if (i % (mappers / stragglers) == mappers / stragglers - 1) {
              int k = i / (mappers / stragglers);
              c.emit("strag", "s" + k, String.valueOf(k));
            }
          }
          return null;
        }, "work", "strag")
        .function("map", c -> {
          int i = Integer.parseInt(c.input().text());
          c.emit("pairs", "g" + i % 2 + ":m" + i, "1");
          c.emit("pairs", "ctrl:" + i, "done");
          return null;
        }, "pairs")
        .function("straggle", c -> {
          int i = Integer.parseInt(c.input().text());
          c.emit("pairs", "g" + i % 2 + ":s" + i, "1");
          c.emit("fin", "s" + i, "0");
          return null;
        }, "pairs", "fin")
        .function("reduce", c -> {
          c.emit("fin", "r-" + c.inputs().get(0).key().split(":")[0], String.valueOf(c.inputs().size()));
          return null;
        }, "fin")
        .function("finish", c -> c.inputs().stream().mapToInt(o -> Integer.parseInt(o.text())).sum())
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "map"))
        .bucket("strag", b -> b.trigger("t", Trigger.immediate(), "straggle"))
        .bucket("pairs", b -> b.trigger("shuffle", Trigger.dynamicGroup(mappers), "reduce"))
        .bucket("fin", b -> b.trigger("t", Trigger.byBatchSize(stragglers + 2), "finish"))
        .build();
    try (Harness h = Harness.concurrent(15).deploy(app)) {
      List<RunHandle> runs = new ArrayList<>();
      for (int r = 0; r < 30; r++) {
        runs.add(h.jf.start("race", Map.of("in", "x")));
      }
      for (RunHandle run : runs) {
        RunInfo info = run.await(Duration.ofSeconds(30));
        assertThat(info.status()).as(run.runId()).isIn(RunStatus.SUCCEEDED, RunStatus.FAILED);
        if (info.status() == RunStatus.SUCCEEDED) {
          assertThat(info.resultText()).as(run.runId()).isEqualTo(String.valueOf(mappers + stragglers));
        } else {
          assertThat(info.failure()).as(run.runId())
              .containsPattern("got data key 'g[01]:s[0-9]' after all its control keys");
        }
      }
    }
  }
}
