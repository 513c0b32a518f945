package io.jointflow.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hierarchical FedAvg (HierFL): synchronous FedAvg rounds inside each data center on an edge model;
 * every {@code hierPeriod} edge rounds each data center uploads its edge model to the hub, which
 * averages them (sample-weighted) once every live data center has, and sends the result back to
 * each: 2 transfers per non-hub data center per cloud round (hub-and-spoke between clouds).
 */
final class HierFedAvg extends Method {
  private final FlOptions o;
  private final int hub;
  private final RandomPolicy policy;
  private final float[][] edge;
  private final int[] rounds;
  private final int[] outstanding;
  private final List<List<float[]>> models = new ArrayList<>();
  private final List<List<Double>> weights = new ArrayList<>();
  private final float[][] uploaded;

  HierFedAvg(Engine engine) {
    super(engine);
    o = engine.options();
    hub = o.hub();
    policy = new RandomPolicy(HubMethods.baselineType(engine));
    int d = engine.dataCenters();
    float[] init = engine.setup().model().initialParameters(o.seed());
    edge = new float[d][];
    uploaded = new float[d][];
    rounds = new int[d];
    outstanding = new int[d];
    for (int i = 0; i < d; i++) {
      edge[i] = init.clone();
      models.add(new ArrayList<>());
      weights.add(new ArrayList<>());
    }
  }

  @Override
  void start() {
    for (int d = 0; d < edge.length; d++) {
      edgeRound(d);
    }
  }

  private void edgeRound(int d) {
    models.get(d).clear();
    weights.get(d).clear();
    outstanding[d] = 0;
    for (int s = 0; s < engine.setup().planets(); s++) {
      List<Container> idle = engine.idle(d);
      if (idle.isEmpty()) {
        break;
      }
      engine.dispatch(d, policy.choose(idle, 0, engine.random), s, rounds[d], edge[d].clone(), d);
      outstanding[d]++;
    }
    if (outstanding[d] == 0) {
      engine.at(engine.now() + o.comm() + 1, () -> edgeRound(d));
    }
  }

  @Override
  void merge(Job job, float[] update) {
    models.get(job.dc()).add(update);
    weights.get(job.dc()).add((double) engine.samples(job.owner()));
  }

  @Override
  void ended(Job job, boolean ok) {
    int d = job.dc();
    if (--outstanding[d] > 0) {
      return;
    }
    if (!models.get(d).isEmpty()) {
      edge[d] = Vectors.weightedAverage(models.get(d).toArray(float[][]::new),
          weights.get(d).stream().mapToDouble(Double::doubleValue).toArray());
    }
    rounds[d]++;
    if (rounds[d] % o.hierPeriod() != 0) {
      edgeRound(d);
      return;
    }
    if (d == hub || engine.move(d, hub, Map.of("kind", "edge"), edge[d])) {
      uploaded[d] = edge[d];
    } else {
      uploaded[d] = null;
    }
    cloudRoundIfComplete();
  }

  /** Averages at the hub once every data center that is up has uploaded (or is done waiting). */
  private void cloudRoundIfComplete() {
    double[] w = new double[edge.length];
    List<Integer> waiting = new ArrayList<>();
    for (int d = 0; d < edge.length; d++) {
      boolean up = !engine.faults().dcDown(d, engine.now());
      if (uploaded[d] != null) {
        waiting.add(d);
        for (int owner : engine.setup().owners(d)) {
          w[d] += engine.samples(owner);
        }
      } else if (up && outstanding[d] > 0 || up && rounds[d] % o.hierPeriod() != 0) {
        return; // a live data center is still training toward this cloud round
      }
    }
    if (waiting.isEmpty()) {
      return;
    }
    float[][] xs = new float[edge.length][];
    for (int d = 0; d < edge.length; d++) {
      xs[d] = uploaded[d] != null ? uploaded[d] : edge[d];
      if (uploaded[d] == null) {
        w[d] = 0;
      }
    }
    float[] global = Vectors.weightedAverage(xs, w);
    for (int d : waiting) {
      if (d != hub) {
        engine.move(hub, d, Map.of("kind", "global"), global);
      }
      edge[d] = global.clone();
      uploaded[d] = null;
      edgeRound(d);
    }
  }

  @Override
  List<float[]> serving() {
    return List.of(edge);
  }
}
