package io.jointflow.examples.workloads;

import io.jointflow.examples.iot.Record;
import io.jointflow.examples.montecarlo.Aggregate;
import io.jointflow.examples.montecarlo.DataMap;
import io.jointflow.examples.montecarlo.DataProcess;
import io.jointflow.examples.qa.Bert;
import io.jointflow.examples.qa.Collect;
import io.jointflow.examples.qa.DocumentSort;
import io.jointflow.examples.video.Extract;
import io.jointflow.examples.video.FanIn;
import io.jointflow.examples.video.ImageProcess;
import io.jointflow.examples.video.Resnet;
import io.jointflow.examples.video.Split;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jointλ's four evaluation workloads (reference section 13.3) on two emulated clouds, {@code aws}
 * (CPU functions) and {@code ali} (CPU and a T4 GPU profile), as described in
 * {@code docs/workloads.md}. The hand placement follows the paper where it says (model steps on the
 * GPU cloud, the IoT chain alternating) and is our choice where the paper lost it (the Monte Carlo
 * branches split half and half, the join's state with the branches on {@code ali}, which arrive
 * last: the data map on {@code aws} invokes them 15 ms after its own).
 *
 * <p>Durations per cloud ({@link EmulatedTime}): CPU steps take the same on both clouds; the model
 * steps ({@code resnet}, {@code bert}) take 7 times longer on a CPU than on the GPU, Fig. 1's factor
 * for BERT at batch 2. The IoT {@code record} takes 10 ms (as in the paper).
 */
public final class Workloads {
  /** The CPU cloud. */
  public static final String AWS = "aws";
  /** The cloud with the GPU profile. */
  public static final String ALI = "ali";
  /** The GPU profile of {@link #ALI}. */
  public static final String GPU = "gpu-t4-8g";
  /** The QA corpus, under the examples' {@code data/}. */
  public static final String CORPUS = "lincoln-sotu-1861-1864.txt";
  /** Frames of one generated video (split into chunks). */
  public static final int VIDEO_FRAMES = 48;
  /** Random points of one Monte Carlo run (split among its branches). */
  public static final int MC_SAMPLES = 1_000_000;

  private static final String CPU_TIMES = "aws=%dms ali=%dms";

  private Workloads() {}

  /** The four workloads: video, qa, iot, montecarlo. */
  public static List<Workload> all() {
    return List.of(video(), qa(), iot(), monteCarlo());
  }

  /**
   * The workload of that name.
   *
   * @throws IllegalArgumentException naming the known ones
   */
  public static Workload named(String name) {
    return all().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "workload '" + name + "' does not exist (workloads: video, qa, iot, montecarlo)"));
  }

  /**
   * Video analytics (modified ORION): split a generated video into {@code size} chunks; per chunk,
   * extract (grayscale frames) and image-process (edges, histogram, motion); fan in; a model step on
   * the GPU cloud.
   */
  public static Workload video() {
    return new Workload("video", "Video analytics (split, extract and image-process per chunk, fan-in, model on GPU)",
        "fan-out", List.of(4, 8), List.of(2), size -> new AppShape("video", "split", "resnet")
            .input("chunks", Integer.toString(size)).input("seed", "7")
            .fn("split", Split.class, AWS, "cpu-2g", cpu(120), "chunks", "features")
            .fn("extract", Extract.class, AWS, "cpu-512", cpu(60), "gray")
            .fn("image", ImageProcess.class, AWS, "cpu-2g", cpu(80), "features")
            .fn("fanin", FanIn.class, AWS, "cpu-512", cpu(10), "batch")
            .fn("resnet", Resnet.class, ALI, GPU, "aws=840ms ali=120ms")
            .each("chunks", "extract").each("gray", "image").join("features", "fanin").each("batch", "resnet"),
        (size, dir) -> inputs("chunks", size, "seed", 7));
  }

  /**
   * Question answering: document sort ranks the corpus's paragraphs per question; one inference per
   * question on the GPU cloud (a small real extractive scoring model); collect.
   */
  public static Workload qa() {
    return new Workload("qa", "Question answering (document sort, map, inference on GPU)", "questions",
        List.of(2, 4, 8), List.of(2), size -> new AppShape("qa", "sort", "collect")
            .input("text", "\"@../data/" + CORPUS + "\"").input("questions", Integer.toString(size))
            .fn("sort", DocumentSort.class, AWS, "cpu-512", cpu(40), "pairs", "answers")
            .fn("bert", Bert.class, ALI, GPU, "aws=420ms ali=60ms", "answers")
            .fn("collect", Collect.class, ALI, "cpu-512", cpu(5))
            .each("pairs", "bert").join("answers", "collect"),
        (size, dir) -> {
          Map<String, Object> in = inputs("questions", size);
          in.put("text", Files.readAllBytes(dir.resolve("data").resolve(CORPUS)));
          return in;
        });
  }

  /** The IoT pipeline: a chain of {@code size} {@code record} steps alternating clouds, 1 KB payload. */
  public static Workload iot() {
    return new Workload("iot", "IoT pipeline (a chain of record steps alternating clouds, 1 KB)", "chain length",
        List.of(1, 2, 4, 6, 8, 10), List.of(1, 3), size -> {
          AppShape s = new AppShape("iot-" + size, "r1", "r" + size).input("reading", "\"" + reading() + "\"");
          for (int i = 1; i <= size; i++) {
            String cloud = i % 2 == 1 ? AWS : ALI;
            if (i < size) {
              s.fn("r" + i, Record.class, cloud, "cpu-512", cpu(10), "b" + i).config("r" + i, "to", "b" + i)
                  .each("b" + i, "r" + (i + 1));
            } else {
              s.fn("r" + i, Record.class, cloud, "cpu-512", cpu(10));
            }
          }
          return s;
        },
        (size, dir) -> inputs("reading", reading()));
  }

  /**
   * Monte Carlo π: data map splits the samples into {@code size} branches, half on each cloud; each
   * counts its random points inside the unit circle; the aggregation estimates π. The join keeps its
   * state on {@code ali}, where the last branches run, instead of on {@code aws} where most of its
   * producers are: the last arrival then costs a round trip inside {@code ali} instead of one
   * across, and the branches on {@code aws}, done 15 ms earlier, pay the crossing off the critical
   * path.
   */
  public static Workload monteCarlo() {
    return new Workload("montecarlo", "Monte Carlo pi (data map, branches on both clouds, aggregation)", "branches",
        List.of(2, 8, 32, 128, 256), List.of(2, 4), size -> new AppShape("montecarlo", "map", "aggregate")
            .input("branches", Integer.toString(size)).input("samples", Integer.toString(MC_SAMPLES))
            .fn("map", DataMap.class, AWS, "cpu-1g", cpu(20), "left", "right", "hits")
            .fn("process-a", DataProcess.class, AWS, "cpu-512", cpu(25), "hits")
            .fn("process-b", DataProcess.class, ALI, "cpu-512", cpu(25), "hits")
            .fn("aggregate", Aggregate.class, AWS, "cpu-512", cpu(10))
            .each("left", "process-a").each("right", "process-b").join("hits", "aggregate", ALI),
        (size, dir) -> inputs("branches", size, "samples", MC_SAMPLES));
  }

  /** The IoT reading: 1 KB of sensor text, the same every run. */
  public static String reading() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 1024; i++) {
      b.append(String.format(java.util.Locale.ROOT, "s%02d=%+.2f;", i % 100, Math.sin(i) * 40));
    }
    return b.substring(0, 1024);
  }

  private static String cpu(int ms) {
    return String.format(CPU_TIMES, ms, ms);
  }

  private static Map<String, Object> inputs(Object... kv) {
    Map<String, Object> in = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      in.put((String) kv[i], String.valueOf(kv[i + 1]));
    }
    return in;
  }
}
