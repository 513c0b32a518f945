package io.jointflow.planner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the best assignment of primaries and trigger-state clouds under the model: branch and bound
 * over the functions in topological order, then the trigger states (exact), or a local search from
 * every single-cloud placement with moves of one function, of both ends of an edge and of one
 * trigger's state (for apps too large to search exactly). Among equals it prefers fewer cloud
 * changes along edges, then fewer trigger states away from the placement rule's cloud.
 */
final class Search {
  /** An assignment with its model values; {@code violation} > 0 when it breaks the bound. */
  record Scored(int[] a, double cost, double makespan, double violation) {}

  private final Model m;
  private final PlanOptions o;
  private final double deadline;
  private final double budget;
  long evaluated;
  boolean aborted;
  private Scored best;

  Search(Model m, PlanOptions o) {
    this.m = m;
    this.o = o;
    this.deadline = o.deadline() == null ? Double.POSITIVE_INFINITY : o.deadline().toNanos() / 1e6;
    this.budget = o.budgetPerMillion() == null ? Double.POSITIVE_INFINITY : o.budgetPerMillion() / 1e6;
  }

  Scored score(int[] a) {
    evaluated++;
    double c = m.cost(a);
    double t = m.makespan(a);
    double v = Math.max(0, t / deadline - 1) + Math.max(0, c / budget - 1);
    return new Scored(a.clone(), c, t, v);
  }

  double primary(Scored s) {
    return o.objective() == Objective.COST ? s.cost : s.makespan;
  }

  double secondary(Scored s) {
    return o.objective() == Objective.COST ? s.makespan : s.cost;
  }

  /** Feasible first, then less violation, the objective, the other measure, fewer cloud changes, fewer state overrides. */
  final Comparator<Scored> order = Comparator.comparingDouble((Scored s) -> s.violation > 0 ? 1 : 0)
      .thenComparingDouble(Scored::violation)
      .thenComparing((x, y) -> close(primary(x), primary(y)) ? 0 : Double.compare(primary(x), primary(y)))
      .thenComparing((x, y) -> close(secondary(x), secondary(y)) ? 0 : Double.compare(secondary(x), secondary(y)))
      .thenComparingInt(s -> switches(s.a))
      .thenComparingInt(s -> overrides(s.a));

  private static boolean close(double x, double y) {
    return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }

  private int overrides(int[] a) {
    return m.overrides(a);
  }

  private int switches(int[] a) {
    int n = 0;
    for (AppGraph.Edge e : m.g.edges) {
      n += a[e.from()] != a[e.to()] ? 1 : 0;
    }
    return n;
  }

  /** Branch and bound; null if no assignment meets the bound. Sets {@link #aborted} past {@code maxNodes}. */
  Scored exact(long maxNodes) {
    int[] a = new int[m.vars];
    Arrays.fill(a, -1);
    best = null;
    branch(a, 0, maxNodes);
    return best;
  }

  private void branch(int[] a, int i, long maxNodes) {
    if (aborted) {
      return;
    }
    if (i == a.length) {
      Scored s = score(a);
      if (s.violation == 0 && (best == null || order.compare(s, best) < 0)) {
        best = s;
      }
      return;
    }
    for (int c = 0; c < m.clouds.size(); c++) {
      if (!m.allows(i, c)) {
        continue;
      }
      if (evaluated >= maxNodes) {
        aborted = true;
        return;
      }
      a[i] = c;
      evaluated++;
      double lbCost = m.cost(a);
      double lbTime = m.makespan(a);
      boolean prune = lbTime > deadline * (1 + 1e-12) || lbCost > budget * (1 + 1e-12);
      if (!prune && best != null) {
        double lb = o.objective() == Objective.COST ? lbCost : lbTime;
        prune = lb > primary(best) && !close(lb, primary(best));
      }
      if (!prune) {
        branch(a, i + 1, maxNodes);
      }
      a[i] = -1;
    }
  }

  /** Local search from each single-cloud placement; the best found, feasible or not. */
  Scored local() {
    Scored found = null;
    for (int c = 0; c < m.clouds.size(); c++) {
      Scored s = climb(score(singleCloud(c)));
      if (found == null || order.compare(s, found) < 0) {
        found = s;
      }
    }
    return found;
  }

  Scored climb(Scored s) {
    for (boolean improved = true; improved; ) {
      improved = false;
      for (int[] move : moves()) {
        int[] a = s.a.clone();
        boolean ok = true;
        for (int j = 0; j + 1 < move.length; j++) {
          ok &= m.allows(move[j], move[move.length - 1]);
          a[move[j]] = move[move.length - 1];
        }
        if (!ok || Arrays.equals(a, s.a)) {
          continue;
        }
        Scored t = score(a);
        if (order.compare(t, s) < 0) {
          s = t;
          improved = true;
        }
      }
    }
    return s;
  }

  /** Every function on cloud {@code c} where its profile allows (else its first allowed cloud), states by the rule. */
  int[] singleCloud(int c) {
    int[] a = new int[m.g.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = m.allowed[i][c] ? c : firstAllowed(i);
    }
    return m.withStates(a, false);
  }

  /** Moves as {variables..., cloud}: each function or trigger state alone, and both ends of each edge together. */
  private List<int[]> moves() {
    List<int[]> out = new ArrayList<>();
    for (int c = 0; c < m.clouds.size(); c++) {
      for (int i = 0; i < m.vars; i++) {
        out.add(new int[] {i, c});
      }
      for (AppGraph.Edge e : m.g.edges) {
        out.add(new int[] {e.from(), e.to(), c});
      }
    }
    return out;
  }

  int firstAllowed(int i) {
    for (int c = 0; c < m.clouds.size(); c++) {
      if (m.allowed[i][c]) {
        return c;
      }
    }
    throw new PlanException("function '" + m.g.functions.get(i) + "' has profile '" + m.g.app.function(
        m.g.functions.get(i)).profile() + "', which no cloud of the clouds file offers (clouds: " + m.clouds + ")");
  }
}
