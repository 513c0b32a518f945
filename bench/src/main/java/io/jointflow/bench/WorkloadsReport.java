package io.jointflow.bench;

import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.examples.workloads.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Turns the workloads benchmark's runs into measures, targets, notes, charts and a profiles file. */
final class WorkloadsReport {
  private static final String JF = "jointflow";
  private static final String PEER = "temporal";
  /** The paper's speedups over the centralized orchestrators it compared with, by workload and size. */
  private static final Map<String, double[]> PAPER = Map.of(
      "qa", new double[] {4, 3.3}, "iot", new double[] {10, 2.5}, "montecarlo", new double[] {128, 2.1});

  private WorkloadsReport() {}

  static BenchResult result(String name, BenchConfig config, List<WorkloadsBench.Point> points, int runs, int warmup,
      double seconds) throws IOException {
    List<Measure> measures = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Object> profiles = new LinkedHashMap<>();
    Files.createDirectories(config.out());
    // The runner starts a redis-server for each cloud of the workloads' clouds file.
    int storeClouds = CloudsDefinitions.load(config.examples().resolve(Workload.CLOUDS).toAbsolutePath()).clouds().size();
    Map<Workload, List<WorkloadsBench.Point>> byWorkload = new LinkedHashMap<>();
    for (WorkloadsBench.Point p : points) {
      byWorkload.computeIfAbsent(p.workload(), w -> new ArrayList<>()).add(p);
    }
    for (var e : byWorkload.entrySet()) {
      Workload w = e.getKey();
      List<Integer> sizes = new ArrayList<>();
      List<List<Double>> lines = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      Map<String, Object> perSize = new LinkedHashMap<>();
      for (WorkloadsBench.Point p : e.getValue()) {
        String what = w.name() + " " + w.sizeName() + "=" + p.size();
        Samples jf = samples(p.jointflow());
        Samples peer = samples(p.peer());
        measures.add(Measure.latency(JF, what + ": makespan (start -> result handler ends)", Unit.MILLIS, jf,
            "temporal p50", peer));
        measures.add(Measure.latency(PEER, what + ": makespan (start -> result handler ends)", Unit.MILLIS, peer, null, null));
        measures.add(Measure.latency(JF, what + ": run until await() returns", Unit.MILLIS,
            Samples.of(p.jointflow().stream().mapToLong(WorkloadRunner.Run::untilAwaitNanos).toArray()), "temporal p50",
            Samples.of(p.peer().stream().mapToLong(WorkloadRunner.Run::untilAwaitNanos).toArray())));
        measures.add(Measure.value(JF, what + ": cross-cloud store round trips per run, made by steps", Unit.COUNT,
            p.jointflow().size(), mean(p.jointflow(), r -> r.crossStoreCalls()), null, Double.NaN));
        double jfFn = mean(p.jointflow(), r -> r.cost().functions()) * 1e6;
        double jfRt = mean(p.jointflow(), r -> r.cost().runtime()) * 1e6;
        double jfDs = mean(p.jointflow(), r -> r.cost().datastore()) * 1e6;
        double jfTotal = jfFn + jfRt + jfDs;
        double peerFn = mean(p.peer(), r -> r.cost().functions()) * 1e6;
        double transitions = mean(p.peer(), r -> r.cost().transitions());
        double managed = peerFn + WorkloadCost.managed(transitions) * 1e6;
        double vm = peerFn + WorkloadCost.vmHosted(peer.median()) * 1e6;
        double jfVm = jfFn + jfRt + WorkloadCost.vmDatastore(jf.median(), storeClouds) * 1e6;
        measures.add(Measure.value(JF, what + ": cost per 10^6 runs, USD (functions " + fmt(jfFn) + " + runtime "
            + fmt(jfRt) + " + datastore " + fmt(jfDs) + ")", Unit.COUNT, p.jointflow().size(), jfTotal,
            "temporal, managed", managed));
        measures.add(Measure.value(JF, what + ": cost per 10^6 runs, USD, stores on VMs (functions " + fmt(jfFn)
            + " + runtime " + fmt(jfRt) + " + " + storeClouds + " x 0.099 $/h x p50 makespan / 2)", Unit.COUNT,
            p.jointflow().size(), jfVm, "temporal, VM-hosted", vm));
        measures.add(Measure.value(PEER, what + ": cost per 10^6 runs, USD, managed orchestrator (functions " + fmt(peerFn)
            + " + " + fmt(transitions) + " transitions x $25/1M)", Unit.COUNT, p.peer().size(), managed, null, Double.NaN));
        measures.add(Measure.value(PEER, what + ": cost per 10^6 runs, USD, VM-hosted orchestrator (functions "
            + fmt(peerFn) + " + VMs 0.495 $/h x p50 makespan / 2)", Unit.COUNT, p.peer().size(), vm, null, Double.NaN));
        targets.add(Target.atMost(JF, what + ": makespan p50 <= the centralized peer's", Unit.MILLIS,
            jf.median() / 1e6, peer.median() / 1e6));
        targets.add(Target.atMost(JF, what + ": cost per 10^6 runs <= the peer's with a managed orchestrator", Unit.COUNT,
            jfTotal, managed));
        targets.add(Target.atMost(JF, what + ": cost per 10^6 runs <= the peer's with a VM-hosted orchestrator",
            Unit.COUNT, jfTotal, vm));
        targets.add(Target.atMost(JF, what + ": cost per 10^6 runs with its stores on VMs <= the peer's with a VM-hosted"
            + " orchestrator", Unit.COUNT, jfVm, vm));
        double[] paper = PAPER.get(w.name());
        if (paper != null && paper[0] == p.size()) {
          targets.add(Target.atLeast(JF, what + ": speedup over the centralized peer >= the paper's", Unit.RATIO,
              peer.median() / (double) jf.median(), paper[1]));
        }
        sizes.add(p.size());
        lines.get(0).add(jf.median() / 1e6);
        lines.get(1).add(jf.percentile(0.95) / 1e6);
        lines.get(2).add(peer.median() / 1e6);
        lines.get(3).add(peer.percentile(0.95) / 1e6);
        perSize.put(Integer.toString(p.size()), profile(w, p));
      }
      Path png = WorkloadsBench.chart(config, w.name());
      WorkloadChart.write(png, w.title().replaceAll(" \\(.*", "") + ": makespan vs " + w.sizeName()
          + " (2 emulated clouds, 30 ms RTT)", w.sizeName(), List.of(
          new WorkloadChart.Series("Jointflow (exactly-once, Redis per cloud)", WorkloadsBench.color(JF), sizes,
              lines.get(0), lines.get(1)),
          new WorkloadChart.Series("Temporal test server, orchestrator in aws", WorkloadsBench.color(PEER), sizes,
              lines.get(2), lines.get(3))));
      notes.add(w.name() + ": chart " + png.getFileName());
      profiles.put(w.name(), WorkloadsBench.map("clouds", w.cloudsFile(), "sizeName", w.sizeName(), "sizes", perSize));
    }
    Path profileFile = config.out().resolve(config.stamp() + "-" + name + "-profiles.json");
    Files.writeString(profileFile, WorkloadsBench.json().writeValueAsString(profiles));
    notes.add("measured per-function profiles (durations per cloud, bytes per edge), for the placement planner: "
        + profileFile.getFileName());
    notes.add(runs + " measured runs per workload and size and system (after " + warmup + " warm-up), one run at a time,"
        + " alternating the systems; p95 of " + runs + " samples is close to their maximum."
        + (warmup > 0 ? " Before any of them, a JIT warm-up: " + WorkloadsBench.JIT_WARMUP_RUNS + " (times --scale)"
        + " alternating runs of each workload's smallest size on each system." : ""));
    notes.add("Clouds: examples/workloads/clouds.yaml (aws: CPU; ali: CPU and a T4 GPU profile), 15 ms one-way between"
        + " them, 1 ms inside each; no jitter, no cold starts. Handlers compute their results for real and then wait"
        + " out their per-cloud duration (config 'time', EmulatedTime); the model steps take 7x longer on a CPU.");
    notes.add("Jointflow: exactly-once, each cloud's records on a redis-server of its own (appendfsync always),"
        + " everything in this process under the clouds file's emulation. Temporal: Java SDK 1.38.0 with its"
        + " in-process test server (TestWorkflowEnvironment, time skipping off), the orchestrator in aws, each"
        + " function an activity that pays the emulated one-way delay to its cloud and back. The test server keeps"
        + " nothing durable (no persistence, no shards): its numbers are a lower bound on a real Temporal deployment.");
    notes.add("Makespan: from starting the run to the result function's handler returning (both systems), so the"
        + " peer's last hop back to the orchestrator is not counted; 'until await() returns' adds Jointflow's run"
        + " completion and await polling, and for the peer the response's trip back and the workflow's completion.");
    notes.add("Cost per 10^6 runs (the paper's Table 3 model, egress left out): functions = each handler's duration x its"
        + " profile at its cloud's list prices + the request price; Jointflow's runtime = time its function instances"
        + " wait inside the runtime (each step's share of the run's store calls x a 2 ms round trip, and one round"
        + " trip to the invoked instance's cloud per invocation), billed at their size: an estimate from counts,"
        + " its CPU time is not included; datastore = reads x $0.285/1M + writes x $1.4269/1M (single writes, and"
        + " every operation of a step's batch). Peer, managed: $25 per 10^6 state transitions, counted as one per"
        + " function invocation, one per join, start and end (Step Functions-like); VM-hosted (xAFCL-like): m6g.2xlarge"
        + " orchestrator 0.396 $/h + m6g.large database 0.099 $/h, x the p50 makespan / N = 2 concurrent runs."
        + " Jointflow with its stores on VMs (the paper's Jointλ-VM row, what this benchmark runs: a redis-server per"
        + " cloud): functions and runtime as above + one m6g.large per cloud (" + storeClouds + ") x the p50 makespan"
        + " / N = 2, no per-request datastore charge and no orchestrator VM.");
    return new BenchResult(name, "Jointλ's four workloads: Jointflow vs a centralized orchestrator (Temporal)", measures,
        targets, notes, seconds);
  }

  private static Map<String, Object> profile(Workload w, WorkloadsBench.Point p) {
    Map<String, Object> fns = new LinkedHashMap<>();
    Map<String, String> profiles = w.profiles(p.size());
    w.times(p.size()).forEach((fn, times) -> {
      List<WorkloadRunner.Step> jf = steps(p.jointflow(), fn);
      List<WorkloadRunner.Step> peer = steps(p.peer(), fn);
      fns.put(fn, WorkloadsBench.map(
          "placement", w.placement(p.size()).get(fn),
          "profile", profiles.get(fn),
          "nominalMs", EmulatedTime.format(times),
          "measuredCloud", jf.isEmpty() ? null : jf.get(0).cloud(),
          "handlerMsP50Jointflow", jf.isEmpty() ? null : round(Samples.of(jf.stream()
              .mapToLong(WorkloadRunner.Step::handlerNanos).toArray()).median() / 1e6),
          "handlerMsP50Temporal", peer.isEmpty() ? null : round(Samples.of(peer.stream()
              .mapToLong(WorkloadRunner.Step::handlerNanos).toArray()).median() / 1e6),
          "instancesPerRun", round((double) jf.size() / p.jointflow().size()),
          "bytesInPerInstance", round(jf.stream().mapToLong(WorkloadRunner.Step::bytesIn).average().orElse(0)),
          "bytesOutPerInstance", round(jf.stream().mapToLong(WorkloadRunner.Step::bytesOut).average().orElse(0))));
    });
    List<Object> edges = new ArrayList<>();
    for (Workload.Transfer t : w.edges(p.size())) {
      List<WorkloadRunner.Step> to = steps(p.jointflow(), t.to());
      edges.add(WorkloadsBench.map("from", t.from(), "bucket", t.bucket(), "to", t.to(), "join", t.join(),
          "consumerBytesInPerInstance", round(to.stream().mapToLong(WorkloadRunner.Step::bytesIn).average().orElse(0))));
    }
    return WorkloadsBench.map(
        "makespanMsP50Jointflow", round(samples(p.jointflow()).median() / 1e6),
        "makespanMsP50Temporal", round(samples(p.peer()).median() / 1e6),
        "functions", fns, "edges", edges);
  }

  private static List<WorkloadRunner.Step> steps(List<WorkloadRunner.Run> runs, String fn) {
    return runs.stream().flatMap(r -> r.steps().stream()).filter(s -> s.function().equals(fn)).toList();
  }

  static Samples samples(List<WorkloadRunner.Run> runs) {
    return Samples.of(runs.stream().mapToLong(WorkloadRunner.Run::makespanNanos).toArray());
  }

  private static double mean(List<WorkloadRunner.Run> runs, ToDoubleFunction<WorkloadRunner.Run> f) {
    return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
  }
}
