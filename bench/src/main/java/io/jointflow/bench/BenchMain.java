package io.jointflow.bench;

import io.jointflow.examples.workloads.Workload;
import io.jointflow.examples.workloads.Workloads;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks and writes one Markdown and one JSON file per run.
 *
 * <pre>
 * java -cp ... io.jointflow.bench.BenchMain [NAME...] [--out DIR] [--scale X] [--fan-out N]
 *     [--examples DIR] [--tmp DIR]
 * </pre>
 *
 * NAME is one of hop, chain, fanout, handoff, throughput, xcloud, stores (default: all, in that order), or
 * workloads (Jointλ's four workloads against a centralized peer; only when named), or placement (the
 * planner against the hand placement on those workloads; only when named). A benchmark
 * whose runs return a wrong result is reported as failed and the exit status is 1; missed targets
 * are reported but do not change the exit status.
 */
public final class BenchMain {
  private BenchMain() {}

  static Map<String, Benchmark> all() {
    Map<String, Benchmark> m = new LinkedHashMap<>();
    for (Benchmark b : List.of(new HopLatency(), new ChainRun(), new FanOutFanIn(), new LargeHandOff(),
        new ExactlyOnceThroughput(), new CrossCloud(), new StoreComparison())) {
      m.put(b.name(), b);
    }
    return m;
  }

  /** Parses the arguments, runs, writes the report; the exit status says whether every benchmark ran. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) throws Exception {
    Map<String, Benchmark> known = all();
    List<Benchmark> selected = new ArrayList<>();
    Path outDir = Path.of("bench", "results");
    double scale = 1;
    int fanOut = 4000;
    Path examples = Path.of("examples");
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<String> workloads = List.of();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--out" -> outDir = Path.of(value(args, ++i, a));
        case "--scale" -> scale = Double.parseDouble(value(args, ++i, a));
        case "--fan-out" -> fanOut = Integer.parseInt(value(args, ++i, a));
        case "--examples" -> examples = Path.of(value(args, ++i, a));
        case "--tmp" -> tmp = Path.of(value(args, ++i, a));
        case "--workloads" -> {
          workloads = List.of(value(args, ++i, a).split(","));
          List<String> names = Workloads.all().stream().map(Workload::name).toList();
          for (String w : workloads) {
            if (!names.contains(w)) {
              System.err.println("bench: workload '" + w + "' is unknown; valid: " + String.join(", ", names));
              return 2;
            }
          }
        }
        case "all" -> selected.addAll(known.values());
        default -> {
          Benchmark b = a.equals(WorkloadsBench.NAME) ? new WorkloadsBench()
              : a.equals(PlacementBench.NAME) ? new PlacementBench() : known.get(a);
          if (b == null) {
            System.err.println("bench: benchmark '" + a + "' is unknown; valid: " + String.join(", ", known.keySet())
                + ", " + WorkloadsBench.NAME + ", " + PlacementBench.NAME + " (not in all), all; options: --out DIR --scale X --fan-out N --examples DIR --tmp DIR --workloads NAME,...");
            return 2;
          }
          selected.add(b);
        }
      }
    }
    if (selected.isEmpty()) {
      selected.addAll(known.values());
    }
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(java.time.Instant.now());
    BenchConfig config = new BenchConfig(scale, fanOut, examples, tmp, outDir, stamp, workloads);
    MachineInfo machine = MachineInfo.collect();
    out.println("# Jointflow benchmarks: " + machine.cpus() + " CPUs, " + machine.memory() + ", " + machine.jdk());
    out.println("# load average at start: " + machine.loadAtStart());
    List<BenchResult> results = new ArrayList<>();
    List<Report.Failure> failures = new ArrayList<>();
    for (Benchmark b : selected) {
      out.println("\n## " + b.name() + " ...");
      try {
        BenchResult r = b.run(config);
        results.add(r);
        out.print(Report.table(r.measures()));
        for (Target t : r.targets()) {
          out.println("target " + t.mode() + " " + t.what() + " " + t.limitText() + ": " + t.unit().format(t.measured())
              + " -> " + t.verdict());
        }
        r.notes().forEach(n -> out.println("* " + n));
      } catch (Exception | AssertionError e) {
        e.printStackTrace();
        failures.add(new Report.Failure(b.name(), String.valueOf(e)));
      }
    }
    if (results.isEmpty()) {
      // A results file holds measurements; one with none would sit in bench/results looking like a run.
      out.println("\nbench: no benchmark ran to completion (" + String.join(", ", failures.stream()
          .map(Report.Failure::name).toList()) + ": see the error above); nothing written to " + outDir);
      return 1;
    }
    String loadAtEnd = MachineInfo.loadAverage();
    Files.createDirectories(outDir);
    String names = selected.size() == known.size() ? "all" : String.join("-", selected.stream().map(Benchmark::name).toList());
    Path md = outDir.resolve(stamp + "-" + names + ".md");
    Path json = outDir.resolve(stamp + "-" + names + ".json");
    Files.writeString(md, Report.markdown(machine, results, failures, loadAtEnd), StandardCharsets.UTF_8);
    Files.writeString(json, Report.json(machine, results, failures, loadAtEnd), StandardCharsets.UTF_8);
    out.println("\nwrote " + md + " and " + json);
    return failures.isEmpty() ? 0 : 1;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("bench option '" + option + "' needs a value");
    }
    return args[i];
  }
}
