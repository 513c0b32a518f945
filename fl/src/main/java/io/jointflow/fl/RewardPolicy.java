package io.jointflow.fl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Reward-guided selection (reference B5): per container a log of its use count {@code n_c}
 * (starting at 1); predicted job time {@code t_c = comm + work_o / speed_k}, where {@code work_o}
 * is an EMA of the owner's observed training work at speed 1 (so one job on any type teaches the
 * owner's time for every type; before any, a prior from the data size); performance reward {@code w * t_min/t_c + (1-w) * cost_min/cost_c} with
 * {@code cost_c = price * t_c}; curiosity bonus {@code b = 1/sqrt(n_c)}, combined as
 * {@code r + beta * b} (additive) or {@code r * b} (product, AdaptiveFL-style); times a success
 * ratio (our addition, after AdaptiveFL's success table) so crashing owners fade; containers drawn
 * in proportion to the result, or uniformly with probability epsilon.
 *
 * <p>Budget objective (reference B5, "J = time + lambda_cost * cost"), in place of the mix above:
 * {@code J_c = t_c + lambda * cost_c} and performance {@code J_min / J_c}, where the planet's lambda
 * is {@code lambdaCost * 2(1-w)}: an average planet (w = 1/2) uses lambdaCost, a lagging one (w near
 * 1) weighs time alone, an advanced one up to twice lambdaCost. Curiosity and success ratio apply
 * as in the mix.
 */
final class RewardPolicy implements SelectionPolicy, java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final double EMA = 0.5;

  /** Derived from the setup, not state: re-attached after decoding ({@link #attach}). */
  private transient ToDoubleFunction<Container> prior;
  private final double epsilon;
  private final boolean product;
  private final double beta;
  // written as their entries (writeObject), so that decoding admits no map class
  private transient Map<Container, double[]> log = new HashMap<>(); // n, -, ok, tries
  private transient Map<Integer, Double> work = new HashMap<>();
  private final double comm;
  private final double lambdaCost;

  /** {@code lambdaCost} for the mix objective (no budget objective). */
  static final double MIX = -1;

  /** The mix objective. */
  RewardPolicy(ToDoubleFunction<Container> prior, double comm, double epsilon, boolean product, double beta) {
    this(prior, comm, epsilon, product, beta, MIX);
  }

  /** {@code lambdaCost}: the budget objective's lambda_cost (>= 0), or {@link #MIX} for the mix objective. */
  RewardPolicy(ToDoubleFunction<Container> prior, double comm, double epsilon, boolean product, double beta,
      double lambdaCost) {
    this.lambdaCost = lambdaCost;
    this.comm = comm;
    this.prior = prior;
    this.epsilon = epsilon;
    this.product = product;
    this.beta = beta;
  }

  /** Re-attaches the job-time prior after decoding. */
  void attach(ToDoubleFunction<Container> prior) {
    this.prior = prior;
  }

  @java.io.Serial
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    out.writeInt(log.size());
    for (Map.Entry<Container, double[]> e : log.entrySet()) {
      out.writeObject(e.getKey());
      out.writeObject(e.getValue());
    }
    out.writeInt(work.size());
    for (Map.Entry<Integer, Double> e : work.entrySet()) {
      out.writeInt(e.getKey());
      out.writeDouble(e.getValue());
    }
  }

  @java.io.Serial
  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    log = new HashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      log.put((Container) in.readObject(), (double[]) in.readObject());
    }
    work = new HashMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      work.put(in.readInt(), in.readDouble());
    }
  }

  private double[] entry(Container c) {
    double[] e = log.computeIfAbsent(c, k -> new double[] {1, 0, 1, 1});
    Double w = work.get(c.owner());
    e[1] = w == null ? prior.applyAsDouble(c) : comm + w / c.type().speed();
    return e;
  }

  /** The job time predicted for {@code c}: from its owner's observed work, or the prior before any. */
  double predictedTime(Container c) {
    return entry(c)[1];
  }

  /** The reward of each candidate, in order (for tests and reports). */
  double[] rewards(List<Container> idle, double omega) {
    double tMin = Double.MAX_VALUE;
    double costMin = Double.MAX_VALUE;
    double lambda = lambdaCost * 2 * (1 - omega);
    double jMin = Double.MAX_VALUE;
    for (Container c : idle) {
      double[] e = entry(c);
      tMin = Math.min(tMin, e[1]);
      costMin = Math.min(costMin, e[1] * c.type().price());
      jMin = Math.min(jMin, e[1] + lambda * e[1] * c.type().price());
    }
    double[] r = new double[idle.size()];
    for (int i = 0; i < r.length; i++) {
      Container c = idle.get(i);
      double[] e = entry(c);
      double cost = e[1] * c.type().price();
      double perf = lambdaCost >= 0 ? jMin / (e[1] + lambda * cost)
          : omega * tMin / e[1] + (1 - omega) * (cost > 0 ? costMin / cost : 1);
      double b = 1 / Math.sqrt(e[0]);
      r[i] = (product ? perf * b : perf + beta * b) * (e[2] / e[3]);
    }
    return r;
  }

  @Override
  public Container choose(List<Container> idle, double omega, Random random) {
    if (random.nextDouble() < epsilon) {
      return idle.get(random.nextInt(idle.size()));
    }
    double[] r = rewards(idle, omega);
    double sum = 0;
    for (double v : r) {
      sum += v;
    }
    double x = random.nextDouble() * sum;
    for (int i = 0; i < r.length; i++) {
      x -= r[i];
      if (x <= 0) {
        return idle.get(i);
      }
    }
    return idle.get(idle.size() - 1);
  }

  @Override
  public void observe(Container c, double duration, boolean ok) {
    double[] e = entry(c);
    e[0] += 1;
    e[3] += 1;
    if (ok) {
      e[2] += 1;
      double observed = Math.max(0, duration - comm) * c.type().speed();
      work.merge(c.owner(), observed, (old, now) -> (1 - EMA) * old + EMA * now);
    }
  }
}
