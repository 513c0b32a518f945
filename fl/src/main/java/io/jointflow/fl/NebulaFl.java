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
  /** One data center's agent: its planets, versions, stellar and merged models, refreshes, budget and policy. */
  static final class Dc implements Agent {
    private static final long serialVersionUID = 1L;

    private transient AgentContext ctx;
    private transient FlOptions o;
    private final int d;
    private final OwnerPool owners;
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
    /** This agent's own random source (its draws of containers), stored with it. */
    private final java.util.Random random;
    /** The rotations this data center sent that were delivered (none refused on arrival). */
    final List<Rotation> sent = new ArrayList<>();

    Dc(AgentContext ctx, int d, float[] init) {
      this.d = d;
      this.owners = OwnerPool.of(ctx.setup(), d);
      this.random = AgentRandom.of(ctx.options().seed(), NEBULAFL, d);
      int m = ctx.setup().planets();
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
      FlOptions o = ctx.options();
      policy = o.policy().equals("random") ? new RandomPolicy(null)
          : new RewardPolicy(null, o.comm(), o.epsilon(), o.reward().equals("product"), o.curiosity(),
          o.objective().equals("budget") ? o.lambdaCost() : RewardPolicy.MIX);
      attach(ctx);
    }

    @Override
    public void attach(AgentContext ctx) {
      this.ctx = ctx;
      this.o = ctx.options();
      owners.attach(ctx.setup());
      if (policy instanceof RewardPolicy r) {
        r.attach(c -> ctx.priorTime(c, d, d));
      }
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

    @Override
    public void start() {
      for (int m = 0; m < planets.length; m++) {
        dispatch(m);
      }
      ctx.at(rotationTime(1), new Timer(d, Timer.Kind.ROTATE, 1));
    }

    @Override
    public void onTimer(Timer t) {
      switch (t.kind()) {
        case DISPATCH_RETRY -> dispatch(t.arg());
        case ROTATE -> rotate(t.arg());
        case UNDELIVERED -> undelivered(t.arg());
        default -> throw new IllegalArgumentException("nebulafl has no timer " + t.kind());
      }
    }

    /** The rent a job on {@code c} is expected to cost: the policy's predicted time (or the prior) times the price. */
    private double predictedRent(Container c) {
      double t = policy instanceof RewardPolicy r ? r.predictedTime(c) : ctx.priorTime(c, d, d);
      return t * c.type().price();
    }

    private void dispatch(int m) {
      List<Container> idle = owners.idle();
      if (idle.isEmpty() || ctx.faults().dcDown(d, ctx.now())) {
        // nothing to rent now: try again shortly
        ctx.at(ctx.now() + o.comm() + 1, new Timer(d, Timer.Kind.DISPATCH_RETRY, m));
        return;
      }
      double vbar = meanVersion();
      if (o.pull()) {
        double beta = Math.clamp(o.beta0() + (vbar - versions[m]) / Math.max(vbar, 1), 0, 1);
        if (beta > 0) {
          Vectors.mixInto(planets[m], stellar, beta);
        }
      }
      if (o.dcBudget() > 0) { // hard per-data-center budget (B5): only containers whose predicted rent still fits
        double left = o.dcBudget() - spent - committed;
        idle = idle.stream().filter(c -> predictedRent(c) <= left).toList();
        if (idle.isEmpty()) {
          parked[m] = true; // tried again when one of this data center's jobs ends
          return;
        }
      }
      double omega = 1 / (1 + Math.exp(-o.kappa() * (vbar - versions[m])));
      Container c = policy.choose(idle, omega, random);
      slotCommitted[m] = predictedRent(c);
      committed += slotCommitted[m];
      training[m] = true;
      owners.take(c);
      ctx.dispatch(d, c, m, stellarUpdates, planets[m].clone(), d);
    }

    @Override
    public void merge(Job job, float[] update) {
      int m = job.slot();
      if (o.refresh().equals("rebase")) {
        update = rebase(planets[m], job.model(), update);
      } else if (refresh[m] != null) { // a rotation arrived while this planet was out: apply its refresh now
        Vectors.mixInto(update, refresh[m], o.gamma());
        refresh[m] = null;
      }
      planets[m] = update;
      versions[m]++;
      stellar = switch (o.stellar()) {
        case VERSION_WEIGHTED -> {
          double[] w = new double[versions.length];
          for (int i = 0; i < w.length; i++) {
            w[i] = versions[i];
          }
          yield Vectors.weightedAverage(planets, w);
        }
        case STALENESS -> {
          long tau = stellarUpdates - job.base();
          yield Vectors.mix(stellar, update, o.asyncAlpha() * Math.pow(tau + 1, -o.asyncExponent()));
        }
      };
      stellarUpdates++;
    }

    @Override
    public void ended(Job job, boolean ok) {
      owners.free(job.owner());
      training[job.slot()] = false;
      policy.observe(job.container(), job.duration(), ok);
      spent += job.container().type().price() * job.duration();
      committed -= slotCommitted[job.slot()];
      slotCommitted[job.slot()] = 0;
      dispatch(job.slot());
      for (int m = 0; m < parked.length; m++) {
        if (parked[m] && !training[m]) { // a prediction was high: what it held back may fit now
          parked[m] = false;
          dispatch(m);
        }
      }
    }

    /**
     * When this data center sends for the {@code period}-th time: {@code period x T_rot} ({@code aligned}), or
     * {@code (period - 1 + (d + 1) / D) x T_rot} ({@code staggered}: the data centers take turns, so a model
     * sent on carries its sender's merge of the one before and news travels the whole ring within one period).
     * Computed from the period, not summed: summed periods drift (22 x 450/22 = 449.9999999999998).
     */
    double rotationTime(int period) {
      double first = o.rotationPhase().equals("staggered") ? (d + 1.0) / ctx.dataCenters() : 1;
      return (period - 1 + first) * o.rotationPeriod();
    }

    private void rotate(int period) {
      ctx.at(rotationTime(period + 1), new Timer(d, Timer.Kind.ROTATE, period + 1));
      if (ctx.faults().dcDown(d, ctx.now())) {
        return; // a data center that is down has no training time to count
      }
      int n = ctx.dataCenters();
      int first = o.ring().equals("rotating") && n > 2 ? 1 + (period % (n - 1)) : 1;
      for (int k = 0; k < n - 1; k++) {
        int target = (d + 1 + (first - 1 + k) % (n - 1)) % n;
        // the fault oracle stands in for the liveness a sender would learn from the ring
        if (!ctx.faults().dcDown(target, ctx.now())) {
          Map<String, String> h = Map.of("kind", "rotation", "period", String.valueOf(period), "versions",
              String.valueOf(versionSum()));
          // sent means both ends are up: the transfer will run; a refusal is undone by UNDELIVERED
          if (ctx.send(d, target, h, stellar, new Timer(d, Timer.Kind.UNDELIVERED, target))) {
            sent.add(new Rotation(d, target, period));
          }
          return;
        }
      }
    }

    /** The last rotation sent to {@code target} was refused on arrival: it was not delivered after all. */
    private void undelivered(int target) {
      for (int i = sent.size() - 1; i >= 0; i--) {
        if (sent.get(i).to() == target) {
          sent.remove(i);
          return;
        }
      }
    }

    @Override
    public void received(int src, Map<String, String> header, float[] model) {
      double ve = versionSum();
      double vr = Long.parseLong(header.get("versions"));
      double lambda = o.merge().equals("recency") ? o.recencyLambda() : ve + vr == 0 ? 0.5 : ve / (ve + vr);
      Vectors.mixInto(stellar, model, 1 - lambda);
      merged = stellar.clone();
      for (int m = 0; m < planets.length; m++) {
        if (training[m] && !o.refresh().equals("rebase")) {
          refresh[m] = stellar.clone();
        } else {
          Vectors.mixInto(planets[m], stellar, o.gamma());
        }
      }
    }

    @Override
    public List<float[]> serving() {
      return List.of(o.serve().equals("merged") && merged != null ? merged : stellar);
    }
  }

  /** A rotation that was delivered: from, to, period. */
  record Rotation(int from, int to, int period) implements java.io.Serializable {}

  NebulaFl(AgentContext ctx) {
    super(agents(ctx));
  }

  private static Agent[] agents(AgentContext ctx) {
    float[] init = ctx.setup().model().initialParameters(ctx.options().seed());
    Agent[] dcs = new Agent[ctx.dataCenters()];
    for (int d = 0; d < dcs.length; d++) {
      dcs[d] = new Dc(ctx, d, init);
    }
    return dcs;
  }

  Dc dc(int d) {
    return (Dc) agent(d);
  }

  /**
   * The rotations delivered, in the order they were sent: by period, then by sender (every data
   * center sends once per period, in data-center order, whether aligned or staggered).
   */
  List<Rotation> rotations() {
    List<Rotation> r = new ArrayList<>();
    for (int d = 0; d < dataCenters(); d++) {
      r.addAll(dc(d).sent);
    }
    r.sort(java.util.Comparator.comparingInt(Rotation::period).thenComparingInt(Rotation::from));
    return r;
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
}
