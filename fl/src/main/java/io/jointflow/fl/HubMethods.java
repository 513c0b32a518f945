package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Baselines with one global model on a hub (the data center {@code hub} of the options): every
 * owner, wherever it is, downloads the global model and uploads its update across clouds
 * (hub-and-spoke). Owners are drawn uniformly among idle ones and rent the baseline container type.
 * The hub's agent is the method's only one: it dispatches every owner and merges every update.
 */
final class HubMethods {
  private HubMethods() {}

  /** The method whose one agent is {@code hub}, at its data center. */
  static Method hosted(Hub hub) {
    Agent[] agents = new Agent[hub.ctx.dataCenters()];
    agents[hub.hub] = hub;
    return new Method(agents);
  }

  /** The hub's agent, what the three share: the global model, owner draws, downloads. */
  abstract static class Hub implements Agent {
    private static final long serialVersionUID = 1L;

    transient AgentContext ctx;
    transient FlOptions o;
    final int hub;
    final int slots;
    final RandomPolicy policy;
    /** The hub's own random source (its draws of owners), stored with it. */
    private final java.util.Random random;
    private final OwnerPool owners;
    float[] global;
    long version;

    /** {@code method}: the method's name, which seeds the hub's random source. */
    Hub(AgentContext ctx, String method) {
      hub = ctx.options().hub();
      if (hub >= ctx.dataCenters()) {
        throw new IllegalArgumentException("fl hub " + hub + " is not a data center index below " + ctx.dataCenters());
      }
      slots = ctx.setup().planets() * ctx.dataCenters();
      policy = new RandomPolicy(baselineType(ctx.setup()));
      owners = OwnerPool.all(ctx.setup());
      random = AgentRandom.of(ctx.options().seed(), method, hub);
      global = ctx.setup().model().initialParameters(ctx.options().seed());
      attach(ctx);
    }

    @Override
    public final void attach(AgentContext ctx) {
      this.ctx = ctx;
      this.o = ctx.options();
      owners.attach(ctx.setup());
    }

    /** Sends the global model to an idle owner; false if every owner is busy. */
    boolean dispatchOne(int slot) {
      List<Container> idle = owners.idle();
      if (idle.isEmpty()) {
        return false;
      }
      Container c = policy.choose(idle, 0, random);
      int dc = ctx.setup().ownerDc()[c.owner()];
      if (dc != hub) { // the job carries the model anyway: whether the download arrived changes nothing here
        ctx.send(hub, dc, Map.of("kind", "global", "version", String.valueOf(version)), global);
      }
      owners.take(c);
      ctx.dispatch(dc, c, slot, version, global.clone(), hub);
      return true;
    }

    /** Frees the job's owner, then lets the rule go on. */
    @Override
    public final void ended(Job job, boolean ok) {
      owners.free(job.owner());
      next(job);
    }

    /** What follows a job's end, its owner free again. */
    abstract void next(Job job);

    @Override
    public List<float[]> serving() {
      return List.of(global);
    }
  }

  /** The type baselines rent: the options' one, else the middle of the first data center's list. */
  static String baselineType(FlSetup setup) {
    if (setup.options().baselineType() != null) {
      return setup.options().baselineType();
    }
    List<ContainerType> t = setup.types().get(0);
    return t.get(t.size() / 2).name();
  }

  /** FedAsync (Xie et al.): {@code w = (1-a) w + a w_local}, {@code a = alpha (t - tau + 1)^-exponent}. */
  static final class FedAsync extends Hub {
    private static final long serialVersionUID = 1L;

    FedAsync(AgentContext ctx) {
      super(ctx, Method.FEDASYNC);
    }

    @Override
    public void start() {
      for (int s = 0; s < slots; s++) {
        dispatchOne(s);
      }
    }

    @Override
    public void merge(Job job, float[] update) {
      double a = o.asyncAlpha() * Math.pow(version - job.base() + 1, -o.asyncExponent());
      Vectors.mixInto(global, update, a);
      version++;
    }

    @Override
    void next(Job job) {
      dispatchOne(job.slot());
    }
  }

  /** FedBuff (Nguyen et al.): K staleness-scaled deltas buffered, then their mean applied. */
  static final class FedBuff extends Hub {
    private static final long serialVersionUID = 1L;

    private final List<float[]> buffer = new ArrayList<>();

    FedBuff(AgentContext ctx) {
      super(ctx, Method.FEDBUFF);
    }

    @Override
    public void start() {
      for (int s = 0; s < slots; s++) {
        dispatchOne(s);
      }
    }

    @Override
    public void merge(Job job, float[] update) {
      float[] delta = Vectors.minus(update, job.model());
      buffer.add(delta);
      double scale = 1 / Math.sqrt(1 + version - job.base());
      if (scale != 1) {
        for (int i = 0; i < delta.length; i++) {
          delta[i] *= (float) scale;
        }
      }
      if (buffer.size() >= o.buffer()) {
        for (float[] d : buffer) {
          Vectors.axpy(global, d, 1.0 / buffer.size());
        }
        buffer.clear();
        version++;
      }
    }

    @Override
    void next(Job job) {
      dispatchOne(job.slot());
    }
  }

  /** FedAvg (McMahan et al.) in synchronous rounds, sample-weighted; a lost job does not block its round. */
  static final class FedAvg extends Hub {
    private static final long serialVersionUID = 1L;

    private final List<float[]> models = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private int outstanding;

    FedAvg(AgentContext ctx) {
      super(ctx, Method.FEDAVG);
    }

    @Override
    public void start() {
      round();
    }

    @Override
    public void onTimer(Timer t) {
      if (t.kind() != Timer.Kind.ROUND) {
        throw new IllegalArgumentException("fedavg has no timer " + t.kind());
      }
      round();
    }

    private void round() {
      models.clear();
      weights.clear();
      outstanding = 0;
      for (int s = 0; s < slots; s++) {
        if (dispatchOne(s)) {
          outstanding++;
        }
      }
      if (outstanding == 0) {
        ctx.at(ctx.now() + o.comm() + 1, new Timer(hub, Timer.Kind.ROUND, 0));
      }
    }

    @Override
    public void merge(Job job, float[] update) {
      models.add(update);
      weights.add((double) ctx.samples(job.owner()));
    }

    @Override
    void next(Job job) {
      if (--outstanding > 0) {
        return;
      }
      if (!models.isEmpty()) {
        global = Vectors.weightedAverage(models.toArray(float[][]::new),
            weights.stream().mapToDouble(Double::doubleValue).toArray());
        version++;
      }
      round();
    }
  }
}
