package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Baselines with one global model on a hub (the data center {@code hub} of the options): every
 * owner, wherever it is, downloads the global model and uploads its update across clouds
 * (hub-and-spoke). Owners are drawn uniformly among idle ones and rent the baseline container type.
 */
final class HubMethods {
  private HubMethods() {}

  /** What the three share: the global model, owner draws, downloads. */
  abstract static class Hub extends Method {
    final FlOptions o;
    final int hub;
    final int slots;
    final RandomPolicy policy;
    float[] global;
    long version;

    Hub(Engine engine) {
      super(engine);
      o = engine.options();
      hub = o.hub();
      if (hub >= engine.dataCenters()) {
        throw new IllegalArgumentException("fl hub " + hub + " is not a data center index below " + engine.dataCenters());
      }
      slots = engine.setup().planets() * engine.dataCenters();
      policy = new RandomPolicy(baselineType(engine));
      global = engine.setup().model().initialParameters(o.seed());
    }

    /** Sends the global model to an idle owner; false if every owner is busy. */
    boolean dispatchOne(int slot) {
      List<Container> idle = new ArrayList<>();
      for (int d = 0; d < engine.dataCenters(); d++) {
        idle.addAll(engine.idle(d));
      }
      if (idle.isEmpty()) {
        return false;
      }
      Container c = policy.choose(idle, 0, engine.random);
      int dc = engine.setup().ownerDc()[c.owner()];
      if (dc != hub) {
        engine.move(hub, dc, Map.of("kind", "global", "version", String.valueOf(version)), global);
      }
      engine.dispatch(dc, c, slot, version, global.clone(), hub);
      return true;
    }

    @Override
    List<float[]> serving() {
      return List.of(global);
    }
  }

  /** The type baselines rent: the options' one, else the middle of the first data center's list. */
  static String baselineType(Engine engine) {
    if (engine.options().baselineType() != null) {
      return engine.options().baselineType();
    }
    List<ContainerType> t = engine.setup().types().get(0);
    return t.get(t.size() / 2).name();
  }

  /** FedAsync (Xie et al.): {@code w = (1-a) w + a w_local}, {@code a = alpha (t - tau + 1)^-exponent}. */
  static final class FedAsync extends Hub {
    FedAsync(Engine engine) {
      super(engine);
    }

    @Override
    void start() {
      for (int s = 0; s < slots; s++) {
        dispatchOne(s);
      }
    }

    @Override
    void merge(Job job, float[] update) {
      double a = o.asyncAlpha() * Math.pow(version - job.base() + 1, -o.asyncExponent());
      Vectors.mixInto(global, update, a);
      version++;
    }

    @Override
    void ended(Job job, boolean ok) {
      dispatchOne(job.slot());
    }
  }

  /** FedBuff (Nguyen et al.): K staleness-scaled deltas buffered, then their mean applied. */
  static final class FedBuff extends Hub {
    private final List<float[]> buffer = new ArrayList<>();

    FedBuff(Engine engine) {
      super(engine);
    }

    @Override
    void start() {
      for (int s = 0; s < slots; s++) {
        dispatchOne(s);
      }
    }

    @Override
    void merge(Job job, float[] update) {
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
    void ended(Job job, boolean ok) {
      dispatchOne(job.slot());
    }
  }

  /** FedAvg (McMahan et al.) in synchronous rounds, sample-weighted; a lost job does not block its round. */
  static final class FedAvg extends Hub {
    private final List<float[]> models = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private int outstanding;

    FedAvg(Engine engine) {
      super(engine);
    }

    @Override
    void start() {
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
        engine.at(engine.now() + o.comm() + 1, this::round);
      }
    }

    @Override
    void merge(Job job, float[] update) {
      models.add(update);
      weights.add((double) engine.samples(job.owner()));
    }

    @Override
    void ended(Job job, boolean ok) {
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
