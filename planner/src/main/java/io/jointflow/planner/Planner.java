package io.jointflow.planner;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses where an app's functions run. From {@link Profiles} (per-cloud function times, transfer
 * sizes, the runtime's overheads), the clouds' prices and network, it picks each function's primary
 * cloud and the cloud of each stateful trigger's state to minimise cost under a makespan bound, or
 * makespan under a budget, orders the other clouds as failovers, and predicts makespan and cost.
 * Stateless and thread safe.
 *
 * <pre>{@code
 * Profiles p = Trials.calibrate(app, clouds, inputs, TrialOptions.defaults());
 * Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults().withDeadline(Duration.ofMillis(200)));
 * App placed = Placements.apply(app, plan);
 * }</pre>
 */
public final class Planner {
  private Planner() {}

  /**
   * The best placement under the model.
   *
   * @throws InfeasiblePlanException if no placement meets the deadline or budget; it names the tightest one that any placement meets
   * @throws PlanException for an app with a cycle, a function without any profile, or a profile no cloud offers
   */
  public static Plan plan(App app, Clouds clouds, Profiles profiles, PlanOptions options) {
    AppGraph g = AppGraph.of(app);
    Model m = new Model(g, clouds, profiles, options.coldStarts());
    Search s = new Search(m, options);
    for (int i = 0; i < g.size(); i++) {
      s.firstAllowed(i);
    }
    long space = space(m);
    Search.Scored best;
    boolean exact;
    String note;
    if (space <= options.exactLimit()) {
      best = s.exact(Math.max(1_000_000, options.exactLimit() * 4));
      exact = !s.aborted;
      if (s.aborted) {
        Search.Scored local = s.local();
        best = best == null || s.order.compare(local, best) < 0 ? local : best;
        note = "branch and bound stopped after " + s.evaluated + " evaluations; best found then improved by local search"
            + " (not proven optimal)";
      } else {
        note = "exact: branch and bound over " + space + " placements (" + s.evaluated + " evaluated)";
      }
    } else {
      best = s.local();
      exact = false;
      note = "local search (" + space + " placements are more than the exact limit " + options.exactLimit()
          + "): from every single-cloud placement, moving one function or both ends of an edge while it helps;"
          + " good, not proven optimal";
    }
    if (best == null || best.violation() > 0) {
      throw infeasible(app, clouds, profiles, options);
    }
    Map<String, List<String>> placement = new LinkedHashMap<>();
    for (String f : app.functions().keySet()) {
      placement.put(f, failovers(m, s, best, g.index(f)));
    }
    Map<String, String> state = new LinkedHashMap<>();
    for (int j = 0; j < g.stateful.size(); j++) {
      int c = best.a()[g.size() + j];
      if (c != m.ruleState(j, best.a())) {
        state.put(g.stateful.get(j), m.clouds.get(c));
      }
    }
    Map<String, Prediction> single = new LinkedHashMap<>();
    for (int c = 0; c < m.clouds.size(); c++) {
      single.put(m.clouds.get(c), m.predict(s.singleCloud(c)));
    }
    return new Plan(app.name(), placement, state, m.predict(best.a()), options, exact, s.evaluated, note, single);
  }

  /** The prediction for the app's own placement (primaries and trigger states), e.g. a hand placement. */
  public static Prediction predict(App app, Clouds clouds, Profiles profiles) {
    return predict(app, clouds, profiles, Placement.of(app).functions(), false);
  }

  /**
   * The prediction for a placement: each function's clouds, of which the first (the primary)
   * counts; each trigger's state where the app names it, else by the placement rule.
   *
   * @throws PlanException for a function the placement leaves out or a cloud the clouds file lacks
   */
  public static Prediction predict(App app, Clouds clouds, Profiles profiles, Map<String, List<String>> placement,
      boolean coldStarts) {
    AppGraph g = AppGraph.of(app);
    Model m = new Model(g, clouds, profiles, coldStarts);
    int[] fn = new int[g.size()];
    for (int i = 0; i < fn.length; i++) {
      String f = g.functions.get(i);
      List<String> cs = placement.get(f);
      if (cs == null || cs.isEmpty()) {
        throw new PlanException("function '" + f + "' has no cloud in the placement to predict: give every function one"
            + " (placed: " + placement.keySet() + ")");
      }
      fn[i] = m.clouds.indexOf(cs.get(0));
      if (fn[i] < 0) {
        throw new PlanException("function '" + f + "' is placed on cloud '" + cs.get(0) + "', which the clouds file"
            + " does not define (clouds: " + m.clouds + ")");
      }
    }
    return m.predict(m.withStates(fn, true));
  }

  private static long space(Model m) {
    long space = 1;
    for (int i = 0; i < m.vars; i++) {
      int k = 0;
      for (int c = 0; c < m.clouds.size(); c++) {
        k += m.allows(i, c) ? 1 : 0;
      }
      space = space > Long.MAX_VALUE / Math.max(1, k) ? Long.MAX_VALUE : space * k;
    }
    return space;
  }

  private static List<String> failovers(Model m, Search s, Search.Scored best, int i) {
    List<Search.Scored> alternatives = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int c = 0; c < m.clouds.size(); c++) {
      if (c == best.a()[i]) {
        continue;
      }
      if (m.allowed[i][c]) {
        int[] a = best.a().clone();
        a[i] = c;
        alternatives.add(s.score(a));
      } else {
        rest.add(m.clouds.get(c)); // runs there at the cloud's default size, as a last resort
      }
    }
    alternatives.sort(s.order);
    List<String> out = new ArrayList<>();
    out.add(m.clouds.get(best.a()[i]));
    alternatives.forEach(x -> out.add(m.clouds.get(x.a()[i])));
    out.addAll(rest);
    return out;
  }

  private static InfeasiblePlanException infeasible(App app, Clouds clouds, Profiles profiles, PlanOptions o) {
    boolean deadline = o.deadline() != null;
    Plan free = plan(app, clouds, profiles, o.withObjective(deadline ? Objective.MAKESPAN : Objective.COST));
    Prediction p = free.prediction();
    if (deadline) {
      double ms = p.makespanMillis();
      return new InfeasiblePlanException(String.format(Locale.ROOT, "deadline %s for app '%s' cannot be met: the"
          + " fastest placement is predicted to take %.1f ms (%s); use --deadline %dms or more, or --objective makespan",
          o.deadline().toMillis() + "ms", app.name(), ms, brief(p), (long) Math.ceil(ms)), ms, p);
    }
    double c = p.costPerMillion();
    return new InfeasiblePlanException(String.format(Locale.ROOT, "budget %s %s per million runs for app '%s' cannot"
        + " be met: the cheapest placement is predicted to cost %s %s per million runs (%s); use --budget %s or more,"
        + " or --objective cost", fmt(o.budgetPerMillion()), p.currency(), app.name(), fmt(c), p.currency(), brief(p),
        fmt(Math.ceil(c * 10000) / 10000)), c, p);
  }

  static String fmt(double x) {
    return new java.math.BigDecimal(x).round(new java.math.MathContext(5)).stripTrailingZeros().toPlainString();
  }

  /** The placement in a few words: cloud: functions. */
  static String brief(Prediction p) {
    Map<String, List<String>> by = new LinkedHashMap<>();
    p.placement().forEach((f, c) -> by.computeIfAbsent(c, k -> new ArrayList<>()).add(f));
    return String.join("; ", by.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).toList());
  }
}
