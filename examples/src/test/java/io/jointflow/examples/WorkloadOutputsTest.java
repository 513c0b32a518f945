package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jointflow.app.App;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.examples.montecarlo.Pi;
import io.jointflow.examples.qa.Qa;
import io.jointflow.examples.video.Video;
import io.jointflow.examples.workloads.Workload;
import io.jointflow.examples.workloads.Workloads;
import io.jointflow.testkit.Await;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workloads compute real results: each runs embedded (one host, no clouds, so no emulated
 * durations) at a few sizes and its result is checked against what it must be.
 */
class WorkloadOutputsTest {
  private static final Path EXAMPLES = Path.of("").toAbsolutePath();

  static RunInfo run(Workload w, int size, Map<String, Object> extra) {
    App app = w.app(size);
    Map<String, Object> inputs = new LinkedHashMap<>(w.inputs(size, EXAMPLES));
    inputs.putAll(extra);
    try (Jointflow jf = Jointflow.builder().state("memory").build()) {
      jf.deploy(unplaced(app));
      RunInfo info = jf.start(app.name(), inputs).await(Await.HANG_GUARD);
      assertThat(info.status()).as("%s at %d: %s", w.name(), size, info.failure()).isEqualTo(RunStatus.SUCCEEDED);
      return info;
    }
  }

  /** The app without placement, so that it runs on this one host. */
  static App unplaced(App app) {
    App.Builder b = App.builder(app.name());
    app.functions().values().forEach(f -> b.functionSpec(f.name(), s -> {
      s.handlerClass(f.handlerClass()).outputs(f.outputs().toArray(String[]::new));
      f.config().forEach(s::config);
    }));
    app.buckets().values().forEach(bk -> b.bucket(bk.name(), k -> bk.triggers().forEach(
        t -> k.trigger(t.name(), t.type(), t.target()))));
    return b.entry(app.entry()).result(app.result()).build();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 8})
  void videoSeesTheMovingSquare(int chunks) {
    Video.Verdict v = run(Workloads.video(), chunks, Map.of()).resultAs(Video.Verdict.class);
    assertThat(v.frames()).isEqualTo(Workloads.VIDEO_FRAMES);
    assertThat(v.chunks()).isEqualTo(chunks);
    assertThat(v.label()).isEqualTo("moving-object");
    assertThat(v.confidence()).isGreaterThan(0.9);
    // the square's left edge goes from x=2 to x=54; its centroid travels the same distance
    assertThat(v.dx()).isCloseTo(52.0, within(1.0));
  }

  @Test
  void videoOfAStillSquareIsStatic() {
    Video.Verdict v = run(Workloads.video(), 4, Map.of("moving", "false")).resultAs(Video.Verdict.class);
    assertThat(v.label()).isEqualTo("static-object");
    assertThat(v.dx()).isCloseTo(0.0, within(0.5));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 8})
  void qaAnswersEachQuestionFromTheCorpus(int questions) throws Exception {
    Qa.Answers a = run(Workloads.qa(), questions, Map.of()).resultAs(Qa.Answers.class);
    String corpus = java.nio.file.Files.readString(EXAMPLES.resolve("data").resolve(Workloads.CORPUS))
        .replaceAll("\\s+", " ");
    assertThat(a.answers()).hasSize(questions);
    for (int i = 0; i < questions; i++) {
      Qa.Answer ans = a.answers().get(i);
      assertThat(ans.index()).isEqualTo(i);
      assertThat(corpus).contains(ans.answer());
      assertThat(ans.confidence()).isBetween(0.0, 1.0);
    }
    Map<Integer, String> expected = Map.of(0, "blockade", 1, "debt", 2, "emancipation", 4, "navy");
    expected.forEach((i, word) -> {
      if (i < questions) {
        assertThat(a.answers().get(i).answer().toLowerCase(Locale.ROOT)).as("answer %d", i).contains(word);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 10})
  void iotPassesTheReadingOnUnchanged(int length) {
    assertThat(run(Workloads.iot(), length, Map.of()).resultText()).isEqualTo(Workloads.reading()).hasSize(1024);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 7, 32, 128, 256})
  void monteCarloEstimatesPi(int branches) {
    Pi.Estimate e = run(Workloads.monteCarlo(), branches, Map.of()).resultAs(Pi.Estimate.class);
    assertThat(e.samples()).isEqualTo(Workloads.MC_SAMPLES);
    assertThat(e.branches()).isEqualTo(branches);
    assertThat(e.pi()).isCloseTo(Math.PI, within(0.01)); // 1e6 samples: standard error 0.0016
  }
}
