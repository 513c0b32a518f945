package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Mode;
import io.jointflow.app.Trigger;
import io.jointflow.function.Obj;
import io.jointflow.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The semantics of each primitive (DESIGN section 2), in both modes. */
class TriggerPrimitivesTest {

  private static String keys(List<Obj> objs) {
    return String.join(",", objs.stream().map(Obj::key).toList());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void immediateChainsObjects(Mode mode) {
    App app = App.builder("chain").mode(mode)
        .function("a", c -> c.emit("b1", c.input().text() + "a"), "b1")
        .function("b", c -> c.emit("b2", c.input().text() + "b"), "b2")
        .function("c", c -> c.input().text() + "c")
        .bucket("b1", b -> b.trigger("t", Trigger.immediate(), "b"))
        .bucket("b2", b -> b.trigger("t", Trigger.immediate(), "c"))
        .build();
    try (Harness h = Harness.direct(1).deploy(app)) {
      RunInfo r = h.run("chain", Map.of("in", "x"));
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo("xabc");
      assertThat(r.functions()).extracting(FunctionSummary::function).containsExactly("a", "b", "c");
      assertThat(r.functions()).allSatisfy(f -> assertThat(f.instances()).isEqualTo(1));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void byNameRoutesByKey(Mode mode) {
    App app = App.builder("route").mode(mode)
        .function("choose", c -> c.emit("route", c.input().text(), "payload"), "route")
        .function("left", c -> c.emit("out", "L:" + c.input().text()), "out")
        .function("right", c -> c.emit("out", "R:" + c.input().text()), "out")
        .function("done", c -> c.input().text())
        .bucket("route", b -> b.trigger("l", Trigger.byName("left"), "left").trigger("r", Trigger.byName("right"), "right"))
        .bucket("out", b -> b.trigger("t", Trigger.immediate(), "done"))
        .build();
    try (Harness h = Harness.direct(2).deploy(app)) {
      assertThat(h.run("route", Map.of("in", "left")).resultText()).isEqualTo("L:payload");
      assertThat(h.run("route", Map.of("in", "right")).resultText()).isEqualTo("R:payload");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void byBatchSizeFiresEveryNAndKeepsTheRest(Mode mode) {
    Queue<String> batches = new ConcurrentLinkedQueue<>();
    App app = App.builder("batch").mode(mode)
        .function("emit", c -> {
          for (int i = 0; i < 7; i++) {
            c.emit("items", "i" + i, "v" + i);
          }
          c.emit("fin", "done");
          return null;
        }, "items", "fin")
        .function("batch", c -> {
          batches.add(keys(c.inputs()));
          return null;
        })
        .function("finish", c -> "ok")
        .result("finish")
        .bucket("items", b -> b.trigger("t", Trigger.byBatchSize(3), "batch"))
        .bucket("fin", b -> b.trigger("t", Trigger.immediate(), "finish"))
        .build();
    try (Harness h = Harness.direct(3).deploy(app)) {
      assertThat(h.run("batch", Map.of("in", "x")).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(batches).containsExactlyInAnyOrder("i0,i1,i2", "i3,i4,i5");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void bySetDeliversInSetOrderWhateverTheArrivalOrder(Mode mode) {
    App app = App.builder("set").mode(mode)
        .function("emit", c -> {
          c.emit("parts", "c", "3");
          c.emit("parts", "ignored", "x");
          c.emit("parts", "a", "1");
          c.emit("parts", "b", "2");
          return null;
        }, "parts")
        .function("join", c -> keys(c.inputs()) + "=" + String.join("", c.inputs().stream().map(Obj::text).toList()))
        .bucket("parts", b -> b.trigger("t", Trigger.bySet("a", "b", "c"), "join"))
        .build();
    try (Harness h = Harness.direct(4).deploy(app)) {
      assertThat(h.run("set", Map.of("in", "x")).resultText()).isEqualTo("a,b,c=123");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dynamicJoinWaitsForTheAnnouncedBranchesInBranchOrder(Mode mode) {
    App app = App.builder("fan").mode(mode)
        .function("split", c -> {
          int n = Integer.parseInt(c.input().text());
          for (int i = 0; i < n; i++) {
            c.emit("work", "w" + i, String.valueOf(i));
          }
          c.emit("results", "ctrl", n);
          return null;
        }, "work", "results")
        .function("square", c -> {
          int i = Integer.parseInt(c.input().text());
          c.emit("results", String.valueOf(i * i));
          return null;
        }, "results")
        .function("join", c -> String.join(" ", c.inputs().stream().map(Obj::text).toList()))
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "square"))
        .bucket("results", b -> b.trigger("t", Trigger.dynamicJoin(), "join"))
        .build();
    try (Harness h = Harness.direct(5).deploy(app)) {
      assertThat(h.run("fan", Map.of("n", "5")).resultText()).isEqualTo("0 1 4 9 16");
      assertThat(h.run("fan", Map.of("n", "1")).resultText()).isEqualTo("0");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dynamicJoinWithAKeyListDeliversInListOrder(Mode mode) {
    App app = App.builder("keys").mode(mode)
        .function("emit", c -> {
          c.emit("res", "b", "B");
          c.emit("res", "ctrl", List.of("c", "a", "b"));
          c.emit("res", "a", "A");
          c.emit("res", "c", "C");
          return null;
        }, "res")
        .function("join", c -> keys(c.inputs()))
        .bucket("res", b -> b.trigger("t", Trigger.dynamicJoin(), "join"))
        .build();
    try (Harness h = Harness.direct(6).deploy(app)) {
      assertThat(h.run("keys", Map.of("in", "x")).resultText()).isEqualTo("c,a,b");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dynamicGroupFiresOncePerGroupAfterAllControls(Mode mode) {
    Queue<String> groups = new ConcurrentLinkedQueue<>();
    App app = App.builder("shuffle").mode(mode)
        .function("split", c -> {
          c.emit("chunks", "m0", "a b a");
          c.emit("chunks", "m1", "b c");
          return null;
        }, "chunks")
        .function("map", c -> {
          String m = c.input().key();
          String[] words = c.input().text().split(" ");
          for (int i = 0; i < words.length; i++) {
            c.emit("shuffle", words[i] + ":" + m + "-" + i, "1");
          }
          c.emit("shuffle", "ctrl:" + m.substring(1), "done");
          return null;
        }, "shuffle")
        .function("reduce", c -> {
          String g = c.inputs().get(0).key().split(":")[0] + "=" + c.inputs().size();
          groups.add(g);
          return c.emit("counts", g);
        }, "counts")
        .function("finish", c -> String.join(",", c.inputs().stream().map(Obj::text).sorted().toList()))
        .bucket("chunks", b -> b.trigger("t", Trigger.immediate(), "map"))
        .bucket("shuffle", b -> b.trigger("t", Trigger.dynamicGroup(2), "reduce"))
        .bucket("counts", b -> b.trigger("t", Trigger.byBatchSize(3), "finish"))
        .build();
    try (Harness h = Harness.direct(7).deploy(app)) {
      assertThat(h.run("shuffle", Map.of("in", "x")).resultText()).isEqualTo("a=2,b=2,c=1");
      assertThat(groups).containsExactlyInAnyOrder("a=2", "b=2", "c=1");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void redundantFiresOnTheKthWithTheFirstK(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    App app = App.builder("kofn").mode(mode)
        .function("emit", c -> {
          for (int i = 0; i < 4; i++) {
            c.emit("votes", "v" + i, String.valueOf(i));
          }
          return null;
        }, "votes")
        .function("decide", c -> {
          fired.add(keys(c.inputs()));
          return keys(c.inputs());
        })
        .bucket("votes", b -> b.trigger("t", Trigger.redundant(3, 4), "decide"))
        .build();
    try (Harness h = Harness.direct(8).deploy(app)) {
      assertThat(h.run("kofn", Map.of("in", "x")).resultText()).isEqualTo("v0,v1,v2");
      assertThat(fired).containsExactly("v0,v1,v2");
    }
  }

  /** Run scope: one firing per run, on the k-th of the first n arrivals; every later arrival is dropped. */
  @ParameterizedTest
  @EnumSource(Mode.class)
  void runScopedRedundantFiresOncePerRunAndDropsEveryLaterArrival(Mode mode) {
    Queue<String> fired = new ConcurrentLinkedQueue<>();
    App app = App.builder("once").mode(mode)
        .function("emit", c -> {
          int n = Integer.parseInt(c.input().text());
          for (int i = 0; i < n; i++) {
            c.emit("votes", "v" + i, String.valueOf(i));
          }
          c.emit("fin", "done");
          return null;
        }, "votes", "fin")
        .function("decide", c -> {
          fired.add(keys(c.inputs()));
          return null;
        })
        .function("finish", c -> "ok")
        .result("finish")
        .bucket("votes", b -> b.trigger("first", Trigger.redundant(1, 2), "decide")
            .trigger("two-of-three", Trigger.redundant(2, 3), "decide"))
        .bucket("fin", b -> b.trigger("t", Trigger.immediate(), "finish"))
        .build();
    try (Harness h = Harness.direct(13).deploy(app)) {
      assertThat(h.run("once", Map.of("n", "7")).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(fired).containsExactlyInAnyOrder("v0", "v0,v1");
      fired.clear();
      assertThat(h.run("once", Map.of("n", "4")).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(fired).containsExactlyInAnyOrder("v0", "v0,v1");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void byTimeFiresOnATimerEvenWhenTheBucketIsIdle(Mode mode) {
    Queue<String> windows = new ConcurrentLinkedQueue<>();
    App app = App.builder("window").mode(mode)
        .function("emit", c -> {
          c.emit("events", "e1", "1");
          c.emit("events", "e2", "2");
          return null;
        }, "events")
        .function("count", c -> {
          windows.add(keys(c.inputs()));
          return c.inputs().size();
        })
        .bucket("events", b -> b.trigger("t", Trigger.byTime(Duration.ofMillis(100)), "count"))
        .build();
    try (Harness h = Harness.direct(9).deploy(app)) {
      RunHandle run = h.jf.start("window", Map.of("in", "x"));
      assertThat(windows).isEmpty();
      h.env.advance(Duration.ofMillis(99));
      assertThat(windows).isEmpty();
      h.env.advance(Duration.ofMillis(1));
      assertThat(windows).containsExactly("e1,e2");
      assertThat(run.await(Await.HANG_GUARD).resultText()).isEqualTo("2");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void conditionsFilterObjects(Mode mode) {
    App app = App.builder("when").mode(mode)
        .function("emit", c -> {
          c.emit("in", "a", "skip", Map.of("kind", "view"));
          c.emit("in", "b", "take", Map.of("kind", "purchase"));
          return null;
        }, "in")
        .function("take", c -> c.input().text())
        .bucket("in", b -> b.trigger("t", t -> t.target("take").immediate().when("meta.kind == 'purchase'")))
        .build();
    try (Harness h = Harness.direct(10).deploy(app)) {
      assertThat(h.run("when", Map.of("in", "x")).resultText()).isEqualTo("take");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void boundedCycleRunsToItsExitAndMaxFiresStopsARunaway(Mode mode) {
    App app = App.builder("loop").mode(mode).entry("inc")
        .function("inc", c -> {
          int n = Integer.parseInt(c.input().text()) + 1;
          c.emit("next", null, String.valueOf(n), Map.of("n", String.valueOf(n)));
          return null;
        }, "next")
        .function("done", c -> c.input().text())
        .bucket("next", b -> b
            .trigger("again", t -> t.target("inc").immediate().when("meta.n < 50").maxFires(100))
            .trigger("exit", t -> t.target("done").immediate().when("meta.n >= 50")))
        .build();
    try (Harness h = Harness.direct(11).deploy(app)) {
      assertThat(h.run("loop", Map.of("n", "0")).resultText()).isEqualTo("50");
      RunInfo runaway = h.run("loop", Map.of("n", "-200"));
      assertThat(runaway.status()).isEqualTo(RunStatus.FAILED);
      assertThat(runaway.failure()).contains("trigger 'again' on bucket 'next' would fire more than max-fires=100 times");
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void fanOutThenBatchFanInOfManyNoOps(Mode mode) {
    int width = 500;
    App app = App.builder("wide").mode(mode)
        .function("fan", c -> {
          for (int i = 0; i < width; i++) {
            c.emit("work", "w" + i, new byte[] {1});
          }
          return null;
        }, "work")
        .function("noop", c -> c.emit("done", c.input().key(), new byte[] {2}), "done")
        .function("join", c -> c.inputs().size())
        .bucket("work", b -> b.trigger("t", Trigger.immediate(), "noop"))
        .bucket("done", b -> b.trigger("t", Trigger.byBatchSize(width), "join"))
        .build();
    try (Harness h = Harness.concurrent(12).deploy(app)) {
      RunInfo r = h.run("wide", Map.of("in", "x"));
      assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r.resultText()).isEqualTo(String.valueOf(width));
      List<String> fns = new ArrayList<>();
      r.functions().forEach(f -> fns.add(f.function() + "=" + f.instances()));
      assertThat(fns).containsExactly("fan=1", "noop=" + width, "join=1");
    }
  }
}
