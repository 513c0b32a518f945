package io.jointflow.planner;

import io.jointflow.app.FunctionSpec;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Profile;
import io.jointflow.cloud.Prices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner's cost and time model over assignments of a primary cloud (an index into {@link
 * #clouds}) to every function (an index into {@link AppGraph#functions}), followed by the cloud of
 * each stateful trigger's state (in {@link AppGraph#stateful} order): {@link #vars} variables. -1
 * leaves a variable unassigned, for the lower bounds of the exact search, which assigns the
 * functions in topological order, then the trigger states.
 *
 * <p>Makespan: the longest path from the run's start through each function's span on its cloud,
 * each edge adding the runtime's measured gap plus, across clouds, the link's latency and the
 * transfer over its bandwidth, and a round trip when a trigger's state lives in another cloud than
 * the producer's. Cost: each function's billed execution and requests at its cloud's prices, its
 * store operations, and the bytes of each edge that leave the producer's cloud at its egress price.
 */
final class Model {
  final AppGraph g;
  final List<String> clouds;
  final String currency;
  final boolean[][] allowed;
  final boolean[][] estimated;
  final double[][] span;
  final double[][] compute;
  final double[][] store;
  final double[] edgeBytes;
  final double[][][] trans;
  final double[] minTrans;
  final double[] egressPerByte;
  final double[] start;
  final double[] end;
  final double[][] remote;
  /** Functions, then trigger states. */
  final int vars;
  private final Net net;

  Model(AppGraph g, Clouds cl, Profiles p, boolean coldStarts) {
    this.g = g;
    this.net = new Net(cl);
    this.clouds = List.copyOf(cl.clouds().keySet());
    int n = g.size();
    int k = clouds.size();
    vars = n + g.stateful.size();
    allowed = new boolean[n][k];
    estimated = new boolean[n][k];
    span = new double[n][k];
    compute = new double[n][k];
    store = new double[n][k];
    FunctionProfile[][] prof = new FunctionProfile[n][k];
    java.util.TreeSet<String> currencies = new java.util.TreeSet<>();
    for (int c = 0; c < k; c++) {
      CloudSpec spec = cl.cloud(clouds.get(c));
      Prices prices = spec.prices();
      currencies.add(prices.currency());
      double cold = coldStarts && spec.compute().coldStart() != null ? spec.compute().coldStart().toNanos() / 1e6 : 0;
      for (int i = 0; i < n; i++) {
        FunctionSpec f = g.app.function(g.functions.get(i));
        allowed[i][c] = f.profile() == null || spec.profiles().containsKey(f.profile());
        FunctionProfile fp = p.of(g.app, cl, f.name(), clouds.get(c));
        prof[i][c] = fp;
        estimated[i][c] = !fp.measured();
        span[i][c] = fp.spanMillis() + cold;
        Profile size = f.profile() != null && spec.profiles().containsKey(f.profile()) ? spec.profile(f.profile())
            : Profile.of("default", spec.limits().memory()).withVcpus(spec.limits().vcpus());
        compute[i][c] = fp.instances() * prices.cost(Duration.ofNanos(Math.round(fp.handlerMillis() * 1e6)), size)
            .doubleValue();
        store[i][c] = fp.instances() * (fp.storeReads() * prices.perMillionReads().doubleValue()
            + fp.storeWrites() * prices.perMillionWrites().doubleValue()) / 1e6;
      }
    }
    if (currencies.size() > 1) {
      throw new PlanException("clouds charge in different currencies " + currencies + ": the planner compares costs in"
          + " one currency; convert the prices of the clouds file");
    }
    currency = currencies.isEmpty() ? "USD" : currencies.first();
    int m = g.edges.size();
    edgeBytes = new double[m];
    trans = new double[m][k][k];
    minTrans = new double[m];
    for (int e = 0; e < m; e++) {
      AppGraph.Edge edge = g.edges.get(e);
      FunctionProfile to = first(prof[edge.to()]);
      double all = g.in.get(edge.to()).stream().mapToDouble(x -> first(prof[x.from()]).bytesOut()).sum();
      edgeBytes[e] = all <= 0 ? 0 : to.bytesIn() * first(prof[edge.from()]).bytesOut() / all;
      double perInstance = edgeBytes[e] / Math.max(1, to.instances());
      minTrans[e] = Double.MAX_VALUE;
      for (int a = 0; a < k; a++) {
        double gap = p.gap(g.functions.get(edge.from()), g.functions.get(edge.to()), clouds.get(a));
        for (int b = 0; b < k; b++) {
          trans[e][a][b] = gap + net.cross(clouds.get(a), clouds.get(b), perInstance);
          minTrans[e] = Math.min(minTrans[e], trans[e][a][b]);
        }
      }
    }
    egressPerByte = new double[k];
    start = new double[k];
    end = new double[k];
    remote = new double[k][k];
    for (int c = 0; c < k; c++) {
      egressPerByte[c] = cl.cloud(clouds.get(c)).prices().perGbEgress().doubleValue() / 1e9;
      start[c] = p.start(clouds.get(c));
      end[c] = p.end(clouds.get(c));
      for (int d = 0; d < k; d++) {
        remote[c][d] = net.remoteCall(clouds.get(c), clouds.get(d));
      }
    }
  }

  private static FunctionProfile first(FunctionProfile[] byCloud) {
    for (FunctionProfile f : byCloud) {
      if (f.measured()) {
        return f;
      }
    }
    return byCloud[0];
  }

  /** The cloud of a trigger's state by Jointλ's majority rule: most producers, a tie to the consumer. */
  static String majority(List<String> producers, String consumer) {
    Map<String, Integer> votes = new LinkedHashMap<>();
    producers.forEach(c -> votes.merge(c, 1, Integer::sum));
    int most = votes.values().stream().max(Integer::compare).orElse(0);
    if (most == 0 || votes.getOrDefault(consumer, 0) == most) {
      return consumer;
    }
    return votes.entrySet().stream().filter(e -> e.getValue() == most).findFirst().orElseThrow().getKey();
  }

  /** Whether variable {@code v} may take cloud {@code c}: a function where its profile exists; a trigger state anywhere. */
  boolean allows(int v, int c) {
    return v >= g.size() || allowed[v][c];
  }

  /** The state cloud index of a stateful edge's trigger, or -1 while unassigned. */
  int stateCloud(AppGraph.Edge e, int[] a) {
    return a[g.size() + g.stateIndex(e)];
  }

  /**
   * Where the placement rule puts trigger {@code j}'s state under the functions' assignment (most
   * producers, a tie to the consumer), or -1 while a producer or the target is unassigned.
   */
  int ruleState(int j, int[] a) {
    if (a[g.stateTarget[j]] < 0) {
      return -1;
    }
    List<String> votes = new ArrayList<>();
    for (int i : g.producers.get(g.stateful.get(j))) {
      if (a[i] < 0) {
        return -1;
      }
      votes.add(clouds.get(a[i]));
    }
    return clouds.indexOf(majority(votes, clouds.get(a[g.stateTarget[j]])));
  }

  /**
   * A complete assignment from the functions' clouds: each trigger state where the app names it
   * (when {@code appStates} and the cloud exists), else by the placement rule.
   */
  int[] withStates(int[] functions, boolean appStates) {
    int n = g.size();
    int[] a = java.util.Arrays.copyOf(functions, vars);
    for (int j = 0; j < g.stateful.size(); j++) {
      String named = appStates ? g.trigger(g.stateful.get(j)).state() : null;
      int c = named == null ? -1 : clouds.indexOf(named);
      a[n + j] = c >= 0 ? c : ruleState(j, a);
    }
    return a;
  }

  /** How many trigger states an assignment puts elsewhere than the placement rule would. */
  int overrides(int[] a) {
    int n = 0;
    for (int j = 0; j < g.stateful.size(); j++) {
      int s = a[g.size() + j];
      n += s >= 0 && s != ruleState(j, a) ? 1 : 0;
    }
    return n;
  }

  /** The makespan in ms, or a lower bound of every completion of a partial assignment. */
  double makespan(int[] a) {
    return longest(a, null);
  }

  private double longest(int[] a, int[] via) {
    int n = g.size();
    double[] finish = new double[n];
    for (int i = 0; i < n; i++) {
      double st = 0;
      if (i == g.entry || g.in.get(i).isEmpty()) {
        st = a[i] >= 0 ? start[a[i]] : min(start);
      }
      int from = -1;
      for (AppGraph.Edge e : g.in.get(i)) {
        double t = finish[e.from()];
        if (a[e.from()] >= 0 && a[i] >= 0) {
          t += trans[e.index()][a[e.from()]][a[i]];
          if (e.stateful()) {
            int s = stateCloud(e, a);
            t += s < 0 ? 0 : remote[a[e.from()]][s];
          }
        } else {
          t += minTrans[e.index()];
        }
        if (t > st || from < 0) {
          st = Math.max(st, t);
          from = t >= st ? e.from() : from;
        }
      }
      if (via != null) {
        via[i] = from;
      }
      finish[i] = st + (a[i] >= 0 ? span[i][a[i]] : minAllowed(span[i], i));
    }
    int r = g.result;
    return finish[r] + (a[r] >= 0 ? end[a[r]] : min(end));
  }

  /** The cost per run, or a lower bound of every completion of a partial assignment. */
  double cost(int[] a) {
    double sum = 0;
    for (int i = 0; i < g.size(); i++) {
      sum += a[i] >= 0 ? compute[i][a[i]] + store[i][a[i]] : minAllowedSum(i);
    }
    for (int e = 0; e < g.edges.size(); e++) {
      sum += egress(e, a);
    }
    return sum;
  }

  double egress(int e, int[] a) {
    AppGraph.Edge edge = g.edges.get(e);
    int from = a[edge.from()];
    if (from < 0 || a[edge.to()] < 0) {
      return 0;
    }
    int other = edge.stateful() ? stateCloud(edge, a) : a[edge.to()];
    return other < 0 || other == from ? 0 : edgeBytes[e] * egressPerByte[from];
  }

  private double minAllowed(double[] xs, int i) {
    double m = Double.MAX_VALUE;
    for (int c = 0; c < xs.length; c++) {
      if (allowed[i][c]) {
        m = Math.min(m, xs[c]);
      }
    }
    return m;
  }

  private double minAllowedSum(int i) {
    double m = Double.MAX_VALUE;
    for (int c = 0; c < clouds.size(); c++) {
      if (allowed[i][c]) {
        m = Math.min(m, compute[i][c] + store[i][c]);
      }
    }
    return m;
  }

  private static double min(double[] xs) {
    double m = Double.MAX_VALUE;
    for (double x : xs) {
      m = Math.min(m, x);
    }
    return xs.length == 0 ? 0 : m;
  }

  /** The full prediction of a complete assignment. */
  Prediction predict(int[] a) {
    int n = g.size();
    int[] via = new int[n];
    java.util.Arrays.fill(via, -1);
    double ms = longest(a, via);
    double comp = 0;
    double st = 0;
    double eg = 0;
    Map<String, String> placement = new LinkedHashMap<>();
    List<String> est = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      comp += compute[i][a[i]];
      st += store[i][a[i]];
      placement.put(g.functions.get(i), clouds.get(a[i]));
      if (estimated[i][a[i]]) {
        est.add(g.functions.get(i));
      }
    }
    for (int e = 0; e < g.edges.size(); e++) {
      eg += egress(e, a);
    }
    Map<String, String> state = new LinkedHashMap<>();
    for (int j = 0; j < g.stateful.size(); j++) {
      state.put(g.stateful.get(j), clouds.get(a[n + j]));
    }
    List<String> path = new ArrayList<>();
    for (int i = g.result; i >= 0; i = via[i]) {
      path.add(g.functions.get(i));
    }
    Collections.reverse(path);
    return new Prediction(placement, state, ms, comp, st, eg, currency, path, est);
  }
}
