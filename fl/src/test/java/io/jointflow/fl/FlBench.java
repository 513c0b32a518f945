package io.jointflow.fl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Fashion-MNIST benchmark of issue 9, run by {@code bench/fl.sh}: 3 data centers x 10 owners,
 * Dirichlet 0.1 and 0.5, every method on the same engine and partition; writes a Markdown report.
 *
 * <p>Arguments: the directory holding the four {@code *-ubyte.gz} files, the report file, then
 * optional {@code key=value}: {@code train-sample} (6000), {@code test-sample} (1000), {@code hidden}
 * (32), {@code budget} (300), {@code target} (0.7), {@code alphas} (0.1,0.5), {@code seed} (1), {@code methods} (all), {@code policy}, {@code kappa}, {@code beta0},
 * {@code gamma}, {@code rotations} (rotation periods per budget, 10), {@code stellar}, {@code clouds}
 * (examples/fl/clouds.yaml: its three clouds are the data centers, their profiles the container
 * types at the clouds' published prices; {@code clouds=none} for the reference's unit-priced types).
 */
public final class FlBench {
  private FlBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    java.util.Map<String, String> kv = new java.util.HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] p = args[i].split("=", 2);
      kv.put(p[0], p[1]);
    }
    int trainSample = Integer.parseInt(kv.getOrDefault("train-sample", "6000"));
    int testSample = Integer.parseInt(kv.getOrDefault("test-sample", "1000"));
    int hidden = Integer.parseInt(kv.getOrDefault("hidden", "32"));
    double budget = Double.parseDouble(kv.getOrDefault("budget", "300"));
    double target = Double.parseDouble(kv.getOrDefault("target", "0.7"));
    long seed = Long.parseLong(kv.getOrDefault("seed", "1"));
    List<Double> alphas = new ArrayList<>();
    for (String a : kv.getOrDefault("alphas", "0.1,0.5").split(",")) {
      alphas.add(Double.parseDouble(a));
    }
    long t0 = System.nanoTime();
    Dataset train = Datasets.idx(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), 10)
        .sample(trainSample, seed);
    Dataset test = Datasets.idx(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), 10)
        .sample(testSample, seed + 1);
    String cloudsFile = kv.getOrDefault("clouds", "examples/fl/clouds.yaml");
    io.jointflow.cloud.Clouds clouds = cloudsFile.equals("none") ? null
        : io.jointflow.definition.CloudsDefinitions.load(Path.of(cloudsFile));
    List<String> dcs = clouds == null ? List.of("dc0", "dc1", "dc2") : List.copyOf(clouds.clouds().keySet());
    List<List<ContainerType>> types = new ArrayList<>();
    for (String dc : dcs) {
      types.add(clouds == null ? ContainerType.referenceTypes() : FlConfig.containers(
          com.fasterxml.jackson.databind.node.TextNode.valueOf("profiles"), clouds.clouds().get(dc), Path.of(cloudsFile)));
    }
    FlOptions o = FlOptions.builder().budget(budget).evalEvery(budget / 15).planetsPerDc(3)
        .rotationPeriod(budget / Double.parseDouble(kv.getOrDefault("rotations", "10")))
        .beta0(Double.parseDouble(kv.getOrDefault("beta0", "0"))).gamma(Double.parseDouble(kv.getOrDefault("gamma", "0.5")))
        .stellar(kv.getOrDefault("stellar", "version-weighted").equals("staleness") ? FlOptions.StellarRule.STALENESS
            : FlOptions.StellarRule.VERSION_WEIGHTED)
        .policy(kv.getOrDefault("policy", "reward")).kappa(Double.parseDouble(kv.getOrDefault("kappa", "0.5")))
        .train(new TrainOptions(1, 32, 0.05f)).seed(seed).build();
    List<String> methods = List.of(kv.getOrDefault("methods", String.join(",", Federation.methods())).split(","));
    StringBuilder md = new StringBuilder();
    md.append("# Federated learning on Fashion-MNIST: NebulaFL against the baselines\n\n");
    md.append(String.format(Locale.ROOT, "Command: `bench/fl.sh` (FlBench %s). Fashion-MNIST from the Debian package"
        + " `dataset-fashion-mnist`; %d training samples (seeded subsample of 60,000), %d test samples (of 10,000);"
        + " MLP 784-%d-10; 3 data centers x 10 owners; 3 planets (NebulaFL) or 3 jobs in flight (baselines) per data"
        + " center; 1 local epoch, batch 32, step 0.05; budget %.0f emulated time units (seconds); target accuracy"
        + " %.2f; container types %s; baselines rent the middle type; seed %d. Emulated time: results do not"
        + " depend on the machine.%n%n",
        String.join(" ", args), train.size(), test.size(), hidden, budget, target, clouds == null
            ? "small/medium/large of the reference (speed 1/2/4, rent 1/2.5/6 per unit)"
            : "the profiles of " + cloudsFile + " " + types.get(0).stream().map(t -> String.format(Locale.ROOT,
                "%s (speed %.1f, USD %.3g/s)", t.name(), t.speed(), t.price())).toList() + " (rent in USD per second at the clouds' list"
                + " prices; faas-cost is what the Jointflow spans cost at those prices)", seed));
    for (double alpha : alphas) {
      int[][] parts = Partitions.dirichlet(train, 30, alpha, 10, seed);
      int[] ownerDc = java.util.stream.IntStream.range(0, 30).map(i -> i / 10).toArray();
      FlSetup s = new FlSetup(Mlp.of(784, hidden, 10), train, test, dcs, parts, ownerDc, types, clouds, o, List.of(),
          null);
      List<MethodResult> rs = Federation.run(s, methods, (m, p) -> {
        if (p.time() >= budget - 1e-9) {
          System.err.printf(Locale.ROOT, "alpha %.1f %-11s accuracy %.3f%n", alpha, m, p.accuracy());
        }
      });
      md.append(String.format(Locale.ROOT, "## Dirichlet alpha %.1f%n%n```%n%s```%n%n", alpha,
          FlReport.text("fashion-mnist alpha " + alpha, s, rs, target)));
      FlReport.write(out.resolveSibling(out.getFileName().toString().replace(".md", "") + "-alpha" + alpha), "fashion",
          s, rs, target);
    }
    md.append(String.format(Locale.ROOT, "Wall time: %.0f s.%n", (System.nanoTime() - t0) / 1e9));
    Files.writeString(out, md);
    System.out.println(md);
  }
}
