package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NebulaFL as reconstructed in reference Part B: per data center M planet models trained
 * asynchronously with versions, a stellar model rebuilt on every push (version-weighted, or
 * staleness-weighted), lagging planets pulled toward it and given faster containers by the reward
 * policy; every rotation period each data center sends its stellar model to the next live one on
 * the ring (fixed, or with an offset rotating each period), which merges it with {@code lambda = V_e / (V_e + V_recv)} and refreshes its planets
 * with weight gamma.
 */
final class NebulaFl extends Method {
  /** One data center's models. */
  static final class Dc {
    final float[][] planets;
    final long[] versions;
    final boolean[] training;
    final float[][] refresh;
    float[] stellar;
    long stellarUpdates;
    final SelectionPolicy policy;

    Dc(int m, float[] init, SelectionPolicy policy) {
      planets = new float[m][];
      for (int i = 0; i < m; i++) {
        planets[i] = init.clone();
      }
      versions = new long[m];
      training = new boolean[m];
      refresh = new float[m][];
      stellar = init.clone();
      this.policy = policy;
    }

    long versionSum() {
      long s = 0;
      for (long v : versions) {
        s += v;
      }
      return s;
    }

    double meanVersion() {
      return (double) versionSum() / versions.length;
    }
  }

  /** A rotation that was delivered: from, to, period. */
  record Rotation(int from, int to, int period) {}

  private final Dc[] dcs;
  private final List<Rotation> rotations = new ArrayList<>();
  private final FlOptions o;

  NebulaFl(Engine engine) {
    super(engine);
    this.o = engine.options();
    float[] init = engine.setup().model().initialParameters(o.seed());
    dcs = new Dc[engine.dataCenters()];
    for (int d = 0; d < dcs.length; d++) {
      int dc = d;
      SelectionPolicy p = o.policy().equals("random") ? new RandomPolicy(null)
          : new RewardPolicy(c -> engine.priorTime(c, dc, dc), o.comm(), o.epsilon(),
          o.reward().equals("product"), o.curiosity(),
          o.objective().equals("budget") ? o.lambdaCost() : RewardPolicy.MIX);
      dcs[d] = new Dc(engine.setup().planets(), init, p);
    }
  }

  Dc dc(int d) {
    return dcs[d];
  }

  List<Rotation> rotations() {
    return rotations;
  }

  @Override
  void start() {
    for (int d = 0; d < dcs.length; d++) {
      for (int m = 0; m < dcs[d].planets.length; m++) {
        dispatch(d, m);
      }
      int dc = d;
      engine.at(o.rotationPeriod(), () -> rotate(dc, 1));
    }
  }

  private void dispatch(int d, int m) {
    Dc dc = dcs[d];
    List<Container> idle = engine.idle(d);
    if (idle.isEmpty() || engine.faults().dcDown(d, engine.now())) {
      engine.at(engine.now() + o.comm() + 1, () -> dispatch(d, m)); // nothing to rent now: try again shortly
      return;
    }
    double vbar = dc.meanVersion();
    if (o.pull()) {
      double beta = Math.clamp(o.beta0() + (vbar - dc.versions[m]) / Math.max(vbar, 1), 0, 1);
      if (beta > 0) {
        Vectors.mixInto(dc.planets[m], dc.stellar, beta);
      }
    }
    double omega = 1 / (1 + Math.exp(-o.kappa() * (vbar - dc.versions[m])));
    Container c = dc.policy.choose(idle, omega, engine.random);
    dc.training[m] = true;
    engine.dispatch(d, c, m, dc.stellarUpdates, dc.planets[m].clone(), d);
  }

  @Override
  void merge(Job job, float[] update) {
    Dc dc = dcs[job.dc()];
    int m = job.slot();
    if (dc.refresh[m] != null) { // a rotation arrived while this planet was out: apply its refresh now
      Vectors.mixInto(update, dc.refresh[m], o.gamma());
      dc.refresh[m] = null;
    }
    dc.planets[m] = update;
    dc.versions[m]++;
    dc.stellar = switch (o.stellar()) {
      case VERSION_WEIGHTED -> {
        double[] w = new double[dc.versions.length];
        for (int i = 0; i < w.length; i++) {
          w[i] = dc.versions[i];
        }
        yield Vectors.weightedAverage(dc.planets, w);
      }
      case STALENESS -> {
        long tau = dc.stellarUpdates - job.base();
        yield Vectors.mix(dc.stellar, update, o.asyncAlpha() * Math.pow(tau + 1, -o.asyncExponent()));
      }
    };
    dc.stellarUpdates++;
  }

  @Override
  void ended(Job job, boolean ok) {
    Dc dc = dcs[job.dc()];
    dc.training[job.slot()] = false;
    dc.policy.observe(job.container(), job.duration(), ok);
    dispatch(job.dc(), job.slot());
  }

  private void rotate(int d, int period) {
    engine.at(engine.now() + o.rotationPeriod(), () -> rotate(d, period + 1));
    if (engine.faults().dcDown(d, engine.now())) {
      return; // a data center that is down has no training time to count
    }
    int first = o.ring().equals("rotating") && dcs.length > 2 ? 1 + (period % (dcs.length - 1)) : 1;
    for (int k = 0; k < dcs.length - 1; k++) {
      int target = (d + 1 + (first - 1 + k) % (dcs.length - 1)) % dcs.length;
      if (!engine.faults().dcDown(target, engine.now())) {
        Map<String, String> h = Map.of("kind", "rotation", "period", String.valueOf(period), "versions",
            String.valueOf(dcs[d].versionSum()));
        if (engine.move(d, target, h, dcs[d].stellar)) {
          rotations.add(new Rotation(d, target, period));
        }
        return;
      }
    }
  }

  @Override
  void received(int src, int dst, Map<String, String> header, float[] model) {
    Dc e = dcs[dst];
    double ve = e.versionSum();
    double vr = Long.parseLong(header.get("versions"));
    double lambda = ve + vr == 0 ? 0.5 : ve / (ve + vr);
    Vectors.mixInto(e.stellar, model, 1 - lambda);
    for (int m = 0; m < e.planets.length; m++) {
      if (e.training[m]) {
        e.refresh[m] = e.stellar.clone();
      } else {
        Vectors.mixInto(e.planets[m], e.stellar, o.gamma());
      }
    }
  }

  @Override
  List<float[]> serving() {
    List<float[]> r = new ArrayList<>();
    for (Dc dc : dcs) {
      r.add(dc.stellar);
    }
    return r;
  }
}
