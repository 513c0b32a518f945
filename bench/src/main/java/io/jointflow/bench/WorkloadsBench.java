package io.jointflow.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jointflow.app.App;
import io.jointflow.examples.montecarlo.Pi;
import io.jointflow.examples.qa.Qa;
import io.jointflow.examples.video.Video;
import io.jointflow.examples.workloads.Workload;
import io.jointflow.examples.workloads.Workloads;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jointλ's four workloads on Jointflow and on a centralized peer (Temporal), in the same run: per
 * workload and size, makespan p50/p95 and cost per 10^6 runs of both, and their ratio; a PNG chart
 * per workload and a JSON of measured per-function profiles beside the report. Below scale 0.2 it
 * runs each workload's smoke sizes only.
 */
final class WorkloadsBench implements Benchmark {
  static final String NAME = "workloads";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(SerializationFeature.INDENT_OUTPUT).build();
  /** Runs of each workload's smallest size per system before any measurement (JIT warm-up). */
  static final int JIT_WARMUP_RUNS = 30;
  private static final String JF = "jointflow";
  private static final String PEER = "temporal";

  /** Both systems' runs of one workload at one size. */
  record Point(Workload workload, int size, List<WorkloadRunner.Run> jointflow, List<WorkloadRunner.Run> peer) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BenchResult run(BenchConfig config) throws Exception {
    long t0 = System.nanoTime();
    boolean smoke = config.scale() < 0.2;
    int runs = config.count(10, 2);
    int warmup = smoke ? 0 : config.count(2, 1);
    Path examples = config.examples().toAbsolutePath();
    List<Point> points = new ArrayList<>();
    try (WorkloadRunner runner = WorkloadRunner.open(config)) {
      int jitRuns = smoke ? 0 : config.count(JIT_WARMUP_RUNS, 1);
      for (Workload w : config.selectedWorkloads()) {
        // Both systems' code is cold at first: a few dozen runs of each workload's smallest size,
        // alternating, before anything is measured (the per-size warm-up below then covers the size).
        int size = (smoke ? w.smokeSizes() : w.sizes()).get(0);
        App app = w.app(size);
        deployOnce(runner, app);
        Map<String, Object> inputs = w.inputs(size, examples);
        for (int i = 0; i < jitRuns; i++) {
          check(w, size, runner.jointflow(app, inputs).result(), JF);
          check(w, size, runner.peer(app, inputs).result(), PEER);
        }
      }
      for (Workload w : config.selectedWorkloads()) {
        for (int size : smoke ? w.smokeSizes() : w.sizes()) {
          App app = w.app(size);
          deployOnce(runner, app);
          Map<String, Object> inputs = w.inputs(size, examples);
          List<WorkloadRunner.Run> jf = new ArrayList<>();
          List<WorkloadRunner.Run> peer = new ArrayList<>();
          for (int i = 0; i < warmup + runs; i++) {
            // alternate so that both systems see the same machine conditions
            WorkloadRunner.Run a = runner.jointflow(app, inputs);
            WorkloadRunner.Run b = runner.peer(app, inputs);
            check(w, size, a.result(), JF);
            check(w, size, b.result(), PEER);
            if (i >= warmup) {
              jf.add(a);
              peer.add(b);
            }
          }
          points.add(new Point(w, size, jf, peer));
          System.err.printf("workloads: %s %s=%d: jointflow p50 %.1f ms, temporal p50 %.1f ms%n", w.name(), w.sizeName(),
              size, median(jf) / 1e6, median(peer) / 1e6);
        }
      }
    }
    return WorkloadsReport.result(NAME, config, points, runs, warmup, (System.nanoTime() - t0) / 1e9);
  }

  private final java.util.Set<String> deployed = new java.util.HashSet<>();

  private void deployOnce(WorkloadRunner runner, App app) {
    if (deployed.add(app.name())) {
      runner.deploy(app);
    }
  }

  static double median(List<WorkloadRunner.Run> runs) {
    return Samples.of(runs.stream().mapToLong(WorkloadRunner.Run::makespanNanos).toArray()).median();
  }

  /** Fails if a run's result is not what the workload must compute. */
  static void check(Workload w, int size, String result, String system) throws Exception {
    String what = w.name() + " at " + size + " on " + system;
    boolean ok = switch (w.name()) {
      case "video" -> {
        Video.Verdict v = JSON.readValue(result, Video.Verdict.class);
        yield v.label().equals("moving-object") && v.chunks() == size && v.frames() == Workloads.VIDEO_FRAMES;
      }
      case "qa" -> {
        Qa.Answers a = JSON.readValue(result, Qa.Answers.class);
        yield a.answers().size() == size && a.answers().stream().noneMatch(x -> x.answer().isBlank());
      }
      case "iot" -> Workloads.reading().equals(result);
      case "montecarlo" -> {
        Pi.Estimate e = JSON.readValue(result, Pi.Estimate.class);
        yield e.branches() == size && Math.abs(e.pi() - Math.PI) < 0.01;
      }
      default -> throw new IllegalArgumentException("no check for workload '" + w.name() + "'");
    };
    if (!ok) {
      throw new IllegalStateException("workload " + what + " returned a wrong result: " + result);
    }
  }

  static ObjectMapper json() {
    return JSON;
  }

  static Color color(String system) {
    return system.equals(JF) ? new Color(0, 114, 178) : new Color(213, 94, 0);
  }

  static Path chart(BenchConfig config, String workload) {
    return config.out().resolve(config.stamp() + "-" + NAME + "-" + workload + ".png");
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
