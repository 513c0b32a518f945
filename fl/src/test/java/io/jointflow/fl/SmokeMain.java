package io.jointflow.fl;

/** Prints every method's curve on a small digits federation (a development aid). */
public final class SmokeMain {
  private SmokeMain() {}

  public static void main(String[] args) {
    long t = System.nanoTime();
    FlSetup s = Setups.digits(3, 5, 0.5, Setups.quick().build());
    for (MethodResult r : Federation.run(s, Federation.methods(), (m, p) -> {})) {
      System.out.printf("%-11s acc %.3f best %.3f cost %.0f bytes %d jobs %d applied %d lost %d transfers %d spanEgress %d types %s%n",
          r.method(), r.last().accuracy(), r.bestAccuracy(), r.last().cost(), r.last().crossCloudBytes(), r.jobs(),
          r.applied(), r.lost(), r.transfers(), r.spanEgressBytes(), r.typeUse());
    }
    System.out.printf("%.1f s%n", (System.nanoTime() - t) / 1e9);
  }
}
