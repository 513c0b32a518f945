package io.jointflow.fl;

import java.util.List;

/** Small federations on the digits set, for tests. */
final class Setups {
  private Setups() {}

  static final Dataset[] DIGITS = Digits.load().split(0.2, 1);

  /** {@code dcs} data centers of {@code perDc} owners each, Dirichlet(alpha), the reference container types. */
  static FlSetup digits(int dcs, int perDc, double alpha, FlOptions options, Fault... faults) {
    List<String> names = java.util.stream.IntStream.range(0, dcs).mapToObj(i -> "dc" + i).toList();
    int[][] parts = Partitions.dirichlet(DIGITS[0], dcs * perDc, alpha, 10, options.seed());
    return FlSetup.of(Mlp.of(64, 32, 10), DIGITS[0], DIGITS[1], names, parts, ContainerType.referenceTypes(), null,
        options, List.of(faults));
  }

  static FlOptions.Builder quick() {
    return FlOptions.builder().budget(400).evalEvery(50).planetsPerDc(2).rotationPeriod(40).seed(3);
  }
}
