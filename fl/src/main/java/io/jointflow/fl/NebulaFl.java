package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NebulaFL as reconstructed in reference Part B: per data center M planet models trained
 * asynchronously with versions, a stellar model rebuilt on every push (version-weighted, or
 * staleness-weighted), lagging planets pulled toward it and given faster containers by the reward
 * policy; every rotation period each data center sends its stellar model to the next live one on
 * the ring (fixed, or with an offset rotating each period; all at once, or taking turns), which merges it with
 * {@code lambda = V_e / (V_e + V_recv)} and refreshes its planets with weight gamma (a planet out training
 * gets it on return: mixed into its update, or, by default, rebased: its training delta is added to its
 * refreshed copy). With a hard per-data-center budget, a planet is sent only to a container whose
 * predicted rent still fits.
 */
final class NebulaFl extends Method {
  /** One data center's models. */
  static final class Dc {
    final float[][] planets;
    final long[] versions;
    final boolean[] training;
    final float[][] refresh;
    float[] stellar;
    /** The stellar model as merged at the last rotation received (served with {@code serve: merged}). */
    float[] merged;
    long stellarUpdates;
    /** Rent of this data center's ended jobs, and the predicted rent of those out (hard budget). */
    double spent;
    double committed;
    final double[] slotCommitted;
    final boolean[] parked;
    final SelectionPolicy policy;

    Dc(int m, float[] init, SelectionPolicy policy) {
      planets = new float[m][];
      for (int i = 0; i < m; i++) {
        planets[i] = init.clone();
      }
      versions = new long[m];
      training = new boolean[m];
      refresh = new float[m][];
      slotCommitted = new double[m];
      parked = new boolean[m];
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
      engine.at(rotationTime(d, 1), () -> rotate(dc, 1));
    }
  }

  /** The rent a job on {@code c} is expected to cost: the policy's predicted time (or the prior) times the price. */
  private double predictedRent(Dc dc, int d, Container c) {
    double t = dc.policy instanceof RewardPolicy r ? r.predictedTime(c) : engine.priorTime(c, d, d);
    return t * c.type().price();
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
    if (o.dcBudget() > 0) { // hard per-data-center budget (B5): only containers whose predicted rent still fits
      double left = o.dcBudget() - dc.spent - dc.committed;
      idle = idle.stream().filter(c -> predictedRent(dc, d, c) <= left).toList();
      if (idle.isEmpty()) {
        dc.parked[m] = true; // tried again when one of this data center's jobs ends
        return;
      }
    }
    double omega = 1 / (1 + Math.exp(-o.kappa() * (vbar - dc.versions[m])));
    Container c = dc.policy.choose(idle, omega, engine.random);
    dc.slotCommitted[m] = predictedRent(dc, d, c);
    dc.committed += dc.slotCommitted[m];
    dc.training[m] = true;
    engine.dispatch(d, c, m, dc.stellarUpdates, dc.planets[m].clone(), d);
  }

  @Override
  void merge(Job job, float[] update) {
    Dc dc = dcs[job.dc()];
    int m = job.slot();
    if (o.refresh().equals("rebase")) {
      update = rebase(dc.planets[m], job.model(), update);
    } else if (dc.refresh[m] != null) { // a rotation arrived while this planet was out: apply its refresh now
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
    dc.spent += job.container().type().price() * job.duration();
    dc.committed -= dc.slotCommitted[job.slot()];
    dc.slotCommitted[job.slot()] = 0;
    dispatch(job.dc(), job.slot());
    for (int m = 0; m < dc.parked.length; m++) {
      if (dc.parked[m] && !dc.training[m]) { // a prediction was high: what it held back may fit now
        dc.parked[m] = false;
        dispatch(job.dc(), m);
      }
    }
  }

  /**
   * When data center {@code d} sends for the {@code period}-th time: {@code period x T_rot} ({@code aligned}), or
   * {@code (period - 1 + (d + 1) / D) x T_rot} ({@code staggered}: the data centers take turns, so a model
   * sent on carries its sender's merge of the one before and news travels the whole ring within one period).
   * Computed from the period, not summed: summed periods drift (22 x 450/22 = 449.9999999999998).
   */
  double rotationTime(int d, int period) {
    double first = o.rotationPhase().equals("staggered") ? (d + 1.0) / dcs.length : 1;
    return (period - 1 + first) * o.rotationPeriod();
  }

  private void rotate(int d, int period) {
    engine.at(rotationTime(d, period + 1), () -> rotate(d, period + 1));
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
    double lambda = o.merge().equals("recency") ? o.recencyLambda() : ve + vr == 0 ? 0.5 : ve / (ve + vr);
    Vectors.mixInto(e.stellar, model, 1 - lambda);
    e.merged = e.stellar.clone();
    for (int m = 0; m < e.planets.length; m++) {
      if (e.training[m] && !o.refresh().equals("rebase")) {
        e.refresh[m] = e.stellar.clone();
      } else {
        Vectors.mixInto(e.planets[m], e.stellar, o.gamma());
      }
    }
  }

  /**
   * The {@code rebase} refresh of a planet that was out training during a rotation: its copy at the data
   * center was refreshed ({@code w_m <- (1-gamma) w_m + gamma S}, B4) while it trained from the copy as sent,
   * so the training's delta is carried onto the refreshed copy: {@code refreshed + (update - sent)}. With no
   * rotation in between, {@code refreshed == sent} and this is the update itself.
   */
  static float[] rebase(float[] refreshed, float[] sent, float[] update) {
    float[] r = refreshed.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += update[i] - sent[i];
    }
    return r;
  }

  @Override
  List<float[]> serving() {
    List<float[]> r = new ArrayList<>();
    for (Dc dc : dcs) {
      r.add(o.serve().equals("merged") && dc.merged != null ? dc.merged : dc.stellar);
    }
    return r;
  }
}
