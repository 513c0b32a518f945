package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hierarchical FedAvg (HierFL): synchronous FedAvg rounds inside each data center on an edge model;
 * every {@code hierPeriod} edge rounds each data center uploads its edge model to the hub, which
 * averages them (sample-weighted) once every live data center has, and sends the result back to
 * each: 2 transfers per non-hub data center per cloud round (hub-and-spoke between clouds).
 *
 * <p>Agents: an {@link Edge} per data center (its edge model and rounds); the hub's data center
 * has a {@link Hub}, an edge that also holds the uploaded edge models and averages them.
 */
final class HierFedAvg extends Method {
  HierFedAvg(AgentContext ctx) {
    super(agents(ctx));
  }

  private static Agent[] agents(AgentContext ctx) {
    float[] init = ctx.setup().model().initialParameters(ctx.options().seed());
    RandomPolicy policy = new RandomPolicy(HubMethods.baselineType(ctx.setup()));
    Agent[] agents = new Agent[ctx.dataCenters()];
    for (int d = 0; d < agents.length; d++) {
      agents[d] = d == ctx.options().hub() ? new Hub(ctx, d, init, policy) : new Edge(ctx, d, init, policy);
    }
    return agents;
  }

  /** A data center's agent: synchronous rounds on its edge model, its upload every {@code hierPeriod} rounds. */
  static class Edge implements Agent {
    private static final long serialVersionUID = 1L;

    transient AgentContext ctx;
    transient FlOptions o;
    final int d;
    final int hub;
    private final RandomPolicy policy;
    private final OwnerPool owners;
    /** This data center's own random source (its draws of owners), stored with it. */
    private final java.util.Random random;
    private final List<float[]> models = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    float[] edge;
    int rounds;
    int outstanding;

    Edge(AgentContext ctx, int d, float[] init, RandomPolicy policy) {
      this.d = d;
      this.hub = ctx.options().hub();
      this.policy = policy; // stateless: one for all data centers, as before (each stored record has a copy)
      this.owners = OwnerPool.of(ctx.setup(), d);
      this.random = AgentRandom.of(ctx.options().seed(), HIERFEDAVG, d);
      this.edge = init.clone();
      attach(ctx);
    }

    @Override
    public final void attach(AgentContext ctx) {
      this.ctx = ctx;
      this.o = ctx.options();
      owners.attach(ctx.setup());
    }

    @Override
    public void start() {
      edgeRound();
    }

    @Override
    public void onTimer(Timer t) {
      if (t.kind() != Timer.Kind.EDGE_ROUND) {
        throw new IllegalArgumentException("hierfedavg's edge has no timer " + t.kind());
      }
      edgeRound();
    }

    final void edgeRound() {
      models.clear();
      weights.clear();
      outstanding = 0;
      for (int s = 0; s < ctx.setup().planets(); s++) {
        List<Container> idle = owners.idle();
        if (idle.isEmpty()) {
          break;
        }
        Container c = policy.choose(idle, 0, random);
        owners.take(c);
        ctx.dispatch(d, c, s, rounds, edge.clone(), d);
        outstanding++;
      }
      if (outstanding == 0) {
        ctx.at(ctx.now() + o.comm() + 1, new Timer(d, Timer.Kind.EDGE_ROUND, 0));
      }
    }

    @Override
    public void merge(Job job, float[] update) {
      models.add(update);
      weights.add((double) ctx.samples(job.owner()));
    }

    @Override
    public void ended(Job job, boolean ok) {
      owners.free(job.owner());
      if (--outstanding > 0) {
        return;
      }
      if (!models.isEmpty()) {
        edge = Vectors.weightedAverage(models.toArray(float[][]::new),
            weights.stream().mapToDouble(Double::doubleValue).toArray());
      }
      rounds++;
      if (rounds % o.hierPeriod() != 0) {
        edgeRound();
        return;
      }
      upload();
    }

    /**
     * Sends the edge model to the hub and waits for the global one. A failed upload is signalled to
     * the hub so it does not wait for this data center; as before, the data center then stays idle.
     * Failed: an end down at send time (signalled now), or the hub refused it (signalled by the
     * engine once the transfer is over).
     */
    void upload() {
      Timer failed = new Timer(hub, Timer.Kind.UPLOAD_FAILED, d);
      if (!ctx.send(d, hub, Map.of("kind", "edge"), edge, failed)) {
        ctx.signal(failed);
      }
    }

    /** The hub's global model arrived: the next edge rounds start from it. */
    @Override
    public void received(int src, Map<String, String> header, float[] model) {
      edge = model;
      // the round as an operation of its own, as before (its effects follow this one's store)
      ctx.signal(new Timer(d, Timer.Kind.EDGE_ROUND, 0));
    }

    @Override
    public List<float[]> serving() {
      return List.of(edge);
    }
  }

  /**
   * The hub's data center: an edge, plus the cloud round. It averages once every data center it
   * still waits for has uploaded; it does not wait for one that is down (the fault oracle stands in
   * for what a hub would learn from timeouts), one whose upload failed, or one without owners.
   */
  static final class Hub extends Edge {
    private static final long serialVersionUID = 1L;

    private final float[][] uploaded;
    /** Data centers whose upload failed: they train no more, so no round waits for them. */
    private final boolean[] dropped;
    private float[] global;

    Hub(AgentContext ctx, int d, float[] init, RandomPolicy policy) {
      super(ctx, d, init, policy);
      uploaded = new float[ctx.dataCenters()][];
      dropped = new boolean[ctx.dataCenters()];
    }

    @Override
    void upload() {
      uploaded[d] = edge; // the hub's own edge model needs no transfer
      cloudRoundIfComplete();
    }

    @Override
    public void received(int src, Map<String, String> header, float[] model) {
      if (!"edge".equals(header.get("kind"))) {
        throw new IllegalArgumentException("hierfedavg's hub received a '" + header.get("kind") + "' model");
      }
      uploaded[src] = model;
      // the cloud round as an operation of its own, as before (its effects follow this one's store)
      ctx.signal(new Timer(d, Timer.Kind.CLOUD_ROUND, src));
    }

    @Override
    public void onTimer(Timer t) {
      switch (t.kind()) {
        case CLOUD_ROUND -> cloudRoundIfComplete();
        case UPLOAD_FAILED -> {
          uploaded[t.arg()] = null;
          dropped[t.arg()] = true;
          cloudRoundIfComplete();
        }
        case RESEND_GLOBAL -> sendGlobal(t.arg());
        case UNDELIVERED -> resendLater(t.arg());
        default -> super.onTimer(t);
      }
    }

    /** Averages once every data center that is up has uploaded (or will not). */
    private void cloudRoundIfComplete() {
      int n = uploaded.length;
      double[] w = new double[n];
      List<Integer> waiting = new ArrayList<>();
      for (int e = 0; e < n; e++) {
        if (uploaded[e] != null) {
          waiting.add(e);
          for (int owner : ctx.setup().owners(e)) {
            w[e] += ctx.samples(owner);
          }
        } else if (!dropped[e] && !ctx.setup().owners(e).isEmpty() && !ctx.faults().dcDown(e, ctx.now())) {
          return; // a live data center is still training toward this cloud round
        }
      }
      if (waiting.isEmpty()) {
        return;
      }
      float[][] xs = new float[n][];
      for (int e = 0; e < n; e++) {
        xs[e] = uploaded[e] != null ? uploaded[e] : edge; // weight 0: skipped, any model of the right size
      }
      global = Vectors.weightedAverage(xs, w);
      for (int e : waiting) {
        uploaded[e] = null;
        sendGlobal(e);
      }
    }

    /** Sends the global model to {@code e}; while it does not arrive, again shortly. */
    private void sendGlobal(int e) {
      if (e == d) {
        edge = global.clone();
        // a signal, not the round itself: its jobs are dispatched after those of the edges before
        // it, as each of theirs follows its transfer (each edge draws from its own source, so this
        // orders the jobs, not the draws)
        ctx.signal(new Timer(d, Timer.Kind.EDGE_ROUND, 0));
      } else if (!ctx.send(d, e, Map.of("kind", "global"), global, new Timer(d, Timer.Kind.UNDELIVERED, e))) {
        resendLater(e);
      }
    }

    /** The global model did not reach {@code e} (an end was down, or {@code e} refused it): again shortly. */
    private void resendLater(int e) {
      ctx.at(ctx.now() + o.comm() + 1, new Timer(d, Timer.Kind.RESEND_GLOBAL, e));
    }
  }
}
