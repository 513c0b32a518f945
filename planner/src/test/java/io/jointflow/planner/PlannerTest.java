package io.jointflow.planner;

import static io.jointflow.planner.Synthetic.fp;
import static io.jointflow.planner.Synthetic.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.cloud.Clouds;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optimiser on synthetic apps whose optimum is known (and checked against brute force). */
class PlannerTest {

  /** a -> b -> c with 50 MB per edge; b takes 100 ms on cpu, 20 ms on gpu. */
  private static Profiles chainProfiles(App app) {
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("f0", on(fp(1, 10, 50e6), fp(1, 10, 50e6)));
    f.put("f1", on(fp(1, 100, 50e6), fp(1, 20, 50e6)));
    f.put("f2", on(fp(1, 10, 50e6), fp(1, 10, 50e6)));
    return Synthetic.profiles(app, f);
  }

  @Test
  void inAChainWhereOneCloudIsFasterEgressKeepsEveryFunctionOnTheCheapCloud() {
    App app = Synthetic.chain(3);
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Profiles p = chainProfiles(app);

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults());

    assertThat(plan.exact()).isTrue();
    assertThat(plan.prediction().placement()).isEqualTo(Map.of("f0", "cpu", "f1", "cpu", "f2", "cpu"));
    // 50 MB out and back at 0.12/GB is 0.012 per run; b on gpu saves 80 ms of 1 GB: far less.
    Prediction cheapest = Synthetic.all(app, clouds, p).stream().min(Comparator.comparingDouble(Prediction::cost))
        .orElseThrow();
    assertThat(plan.prediction().cost()).isCloseTo(cheapest.cost(), within(1e-12));
    assertThat(plan.placement().get("f1")).containsExactly("cpu", "gpu");
    // Without egress fees the faster cloud would win the slow step on cost too.
    Plan free = Planner.plan(app, Synthetic.clouds("0", "0"), p, PlanOptions.defaults());
    assertThat(free.prediction().placement()).isEqualTo(Map.of("f0", "cpu", "f1", "gpu", "f2", "cpu"));

    // For speed everything moves to gpu together: moving b alone would pay two 0.5 s transfers.
    Plan fastest = Planner.plan(app, clouds, p, PlanOptions.defaults().withObjective(Objective.MAKESPAN));
    Prediction quickest = Synthetic.all(app, clouds, p).stream()
        .min(Comparator.comparingDouble(Prediction::makespanMillis)).orElseThrow();
    assertThat(fastest.prediction().makespanMillis()).isCloseTo(quickest.makespanMillis(), within(1e-9));
    assertThat(fastest.prediction().placement().values()).as("the transfer dominates").containsOnly("gpu");
  }

  @Test
  void withSmallTransfersTheFasterCloudWinsTheSlowStepForMakespan() {
    App app = Synthetic.chain(3);
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("f0", on(fp(1, 10, 1000), fp(1, 10, 1000)));
    f.put("f1", on(fp(1, 100, 1000), fp(1, 20, 1000)));
    f.put("f2", on(fp(1, 10, 1000), fp(1, 10, 1000)));
    Profiles p = Synthetic.profiles(app, f);

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults().withObjective(Objective.MAKESPAN));

    assertThat(plan.prediction().placement().get("f1")).isEqualTo("gpu");
    Prediction quickest = Synthetic.all(app, clouds, p).stream()
        .min(Comparator.comparingDouble(Prediction::makespanMillis)).orElseThrow();
    assertThat(plan.prediction().makespanMillis()).isCloseTo(quickest.makespanMillis(), within(1e-9));
  }

  @Test
  void inAFanOutTheGpuCloudWinsTheInferenceStepOnly() {
    App app = Synthetic.fanout();
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("split", on(fp(1, 20, 40_000), fp(1, 20, 40_000)));
    f.put("map", on(fp(8, 50, 40_000), fp(8, 50, 40_000)));
    f.put("join", on(fp(1, 10, 40_000), fp(1, 10, 40_000)));
    f.put("infer", on(fp(1, 2000, 1000), fp(1, 150, 1000))); // BERT on a GPU: 13x faster
    Profiles p = Synthetic.profiles(app, f);

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults());

    assertThat(plan.prediction().placement())
        .isEqualTo(Map.of("split", "cpu", "map", "cpu", "join", "cpu", "infer", "gpu"));
    Prediction cheapest = Synthetic.all(app, clouds, p).stream().min(Comparator.comparingDouble(Prediction::cost))
        .orElseThrow();
    assertThat(plan.prediction().cost()).isCloseTo(cheapest.cost(), within(1e-12));
    assertThat(plan.singleCloud().get("cpu").cost()).isGreaterThan(plan.prediction().cost());
    assertThat(plan.singleCloud().get("gpu").cost()).isGreaterThan(plan.prediction().cost());
  }

  /** split -> pa and pb (one each) -> join (dynamic join: split's control and both results) -> sum. */
  private static App twoBranches() {
    return App.builder("mc")
        .function("split", c -> null, "to-a", "to-b", "parts")
        .function("pa", c -> null, "parts")
        .function("pb", c -> null, "parts")
        .function("sum", c -> null)
        .bucket("to-a", k -> k.trigger("t", Trigger.immediate(), "pa"))
        .bucket("to-b", k -> k.trigger("t", Trigger.immediate(), "pb"))
        .bucket("parts", k -> k.trigger("join", Trigger.dynamicJoin(), "sum"))
        .build();
  }

  @Test
  void aJoinsStateGoesWithTheBranchThatArrivesLastWhenThatSavesItACrossCloudRoundTrip() {
    App app = twoBranches();
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("split", on(fp(1, 10, 1000), fp(1, 100, 1000)));
    f.put("pa", on(fp(1, 10, 1000), fp(1, 200, 1000)));
    f.put("pb", on(fp(1, 300, 1000), fp(1, 30, 1000))); // only fast on the gpu cloud, and the last to arrive
    f.put("sum", on(fp(1, 10, 1000), fp(1, 100, 1000)));
    Profiles p = Synthetic.profiles(app, f);

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults().withObjective(Objective.MAKESPAN));

    assertThat(plan.exact()).isTrue();
    assertThat(plan.prediction().placement()).isEqualTo(Map.of("split", "cpu", "pa", "cpu", "pb", "gpu", "sum", "cpu"));
    // The rule puts the state on cpu (split and pa against pb); pb would then pay a round trip to cpu
    // before it invokes sum there. On gpu, pa pays it instead, and pa is done long before pb.
    assertThat(plan.triggerState()).isEqualTo(Map.of("parts/join", "gpu"));
    assertThat(plan.prediction().triggerState()).isEqualTo(Map.of("parts/join", "gpu"));
    Prediction rule = Planner.predict(app, clouds, p, plan.placement(), false);
    assertThat(rule.triggerState()).isEqualTo(Map.of("parts/join", "cpu"));
    assertThat(rule.makespanMillis() - plan.prediction().makespanMillis())
        .as("one cross-cloud round trip (2 x 15 ms) less one inside a cloud (2 x 1 ms)").isCloseTo(28, within(1e-9));

    App placed = Placements.apply(app, plan);
    assertThat(placed.bucket("parts").triggers().get(0).state()).isEqualTo("gpu");
    assertThat(Planner.predict(placed, clouds, p).makespanMillis())
        .isCloseTo(plan.prediction().makespanMillis(), within(1e-9));
  }

  @Test
  void aJoinsStateStaysWithTheRuleWhenNoOtherCloudIsBetter() {
    App app = twoBranches();
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    for (String fn : List.of("split", "pa", "pb", "sum")) {
      f.put(fn, on(fp(1, 10, 1000), fp(1, 40, 1000)));
    }
    Profiles p = Synthetic.profiles(app, f);

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults().withObjective(Objective.MAKESPAN));

    assertThat(plan.prediction().placement().values()).containsOnly("cpu");
    assertThat(plan.triggerState()).as("no override where the rule's cloud is as good").isEmpty();
    assertThat(Placements.apply(app, plan).bucket("parts").triggers().get(0).state()).isNull();
  }

  @Test
  void aDeadlineBuysSpeedAtTheLeastCost() {
    App app = Synthetic.chain(3);
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("f0", on(fp(1, 10, 1000), fp(1, 10, 1000)));
    f.put("f1", on(fp(1, 100, 1000), fp(1, 20, 1000)));
    f.put("f2", on(fp(1, 10, 1000), fp(1, 10, 1000)));
    Profiles p = Synthetic.profiles(app, f);
    Plan cheap = Planner.plan(app, clouds, p, PlanOptions.defaults());
    double bound = cheap.prediction().makespanMillis() - 1;

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults().withDeadline(Duration.ofMillis((long) bound)));

    assertThat(plan.prediction().makespanMillis()).isLessThanOrEqualTo(bound);
    Prediction best = Synthetic.all(app, clouds, p).stream().filter(x -> x.makespanMillis() <= (long) bound)
        .min(Comparator.comparingDouble(Prediction::cost)).orElseThrow();
    assertThat(plan.prediction().cost()).isCloseTo(best.cost(), within(1e-12));
    assertThat(plan.prediction().cost()).isGreaterThan(cheap.prediction().cost());
  }

  @Test
  void anInfeasibleDeadlineOrBudgetNamesTheTightestBoundAnyPlacementMeets() {
    App app = Synthetic.chain(3);
    Clouds clouds = Synthetic.clouds("0.12", "0.12");
    Profiles p = chainProfiles(app);
    double fastest = Synthetic.all(app, clouds, p).stream().mapToDouble(Prediction::makespanMillis).min().orElseThrow();
    double cheapest = Synthetic.all(app, clouds, p).stream().mapToDouble(Prediction::costPerMillion).min().orElseThrow();

    assertThatThrownBy(() -> Planner.plan(app, clouds, p, PlanOptions.defaults().withDeadline(Duration.ofMillis(5))))
        .isInstanceOfSatisfying(InfeasiblePlanException.class, e -> {
          assertThat(e.tightest()).isCloseTo(fastest, within(1e-9));
          assertThat(e.getMessage()).startsWith("deadline 5ms for app 'chain3' cannot be met: the fastest placement"
              + " is predicted to take").contains("use --deadline " + (long) Math.ceil(fastest) + "ms or more");
        });
    assertThatThrownBy(() -> Planner.plan(app, clouds, p, PlanOptions.defaults().withBudget(0.5)))
        .isInstanceOfSatisfying(InfeasiblePlanException.class, e -> {
          assertThat(e.tightest()).isCloseTo(cheapest, within(1e-6));
          assertThat(e.getMessage()).startsWith("budget 0.5 USD per million runs for app 'chain3' cannot be met:"
              + " the cheapest placement is predicted to cost").contains("use --budget");
        });
  }

  @Test
  void aLargeAppIsSearchedLocallyAndSaysSoAndFindsTheExactOptimumHere() {
    App app = Synthetic.chain(12);
    Clouds clouds = Synthetic.clouds("0.12", "0.09");
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      f.put("f" + i, i % 4 == 1 ? on(fp(1, 300, 2000), fp(1, 40, 2000)) : on(fp(1, 10, 2000), fp(1, 12, 2000)));
    }
    Profiles p = Synthetic.profiles(app, f);
    PlanOptions o = PlanOptions.defaults().withObjective(Objective.MAKESPAN);

    Plan exact = Planner.plan(app, clouds, p, o);
    Plan local = Planner.plan(app, clouds, p, o.withExactLimit(16));

    assertThat(exact.exact()).isTrue();
    assertThat(local.exact()).isFalse();
    assertThat(local.note()).startsWith("local search");
    assertThat(local.prediction().makespanMillis()).isCloseTo(exact.prediction().makespanMillis(), within(1e-9));
  }

  @Test
  void aFunctionWithAProfileOnlyOneCloudOffersStaysThere() {
    App app = App.builder("gpu").function("a", c -> null, "x")
        .functionSpec("b", s -> s.handler(c -> null).profile("t4")).bucket("x", k -> k.trigger("t", Trigger.immediate(), "b"))
        .placement("cpu").build();
    Clouds base = Synthetic.clouds("0.12", "0.12");
    Clouds clouds = Clouds.builder().cloud(base.cloud("cpu")).cloud(new io.jointflow.cloud.CloudSpec("gpu",
            base.cloud("gpu").compute(), "memory", null, base.cloud("gpu").prices(), base.cloud("gpu").limits(),
            Map.of("t4", io.jointflow.cloud.Profile.of("t4", io.jointflow.cloud.Sizes.GB).withSpeedup(5))))
        .inside(java.time.Duration.ofMillis(1)).link(base.network().links().get(0)).build();
    Map<String, Map<String, FunctionProfile>> f = new LinkedHashMap<>();
    f.put("a", on(fp(1, 10, 100), fp(1, 10, 100)));
    f.put("b", Map.of("gpu", fp(1, 10, 100)));
    Profiles p = Synthetic.profiles(app, f);

    Plan plan = Planner.plan(app, clouds, p, PlanOptions.defaults());

    assertThat(plan.placement().get("b")).containsExactly("gpu", "cpu");
    assertThat(plan.prediction().estimated()).isEmpty();
  }

  @Test
  void anAppWithACycleIsRefusedWithTheFunctionOnIt() {
    App app = App.builder("loop").function("a", c -> null, "x").function("b", c -> null, "y").function("end", c -> null)
        .entry("a").result("end")
        .bucket("x", k -> k.trigger("t", Trigger.immediate(), "b"))
        .bucket("y", k -> k.trigger("back", t -> t.target("a").immediate().maxFires(3)).trigger("out", Trigger.immediate(),
            "end"))
        .build();
    assertThatThrownBy(() -> Planner.plan(app, Synthetic.clouds("0.1", "0.1"), Synthetic.profiles(app, Map.of()),
        PlanOptions.defaults())).isInstanceOf(PlanException.class).hasMessageContaining("has a cycle through function 'a'");
  }

  @Test
  void optionsRefuseADeadlineWithABudget() {
    assertThatThrownBy(() -> new PlanOptions(Objective.COST, Duration.ofMillis(5), 1.0, 10, false))
        .hasMessageContaining("a deadline or a budget, not both");
    assertThat(List.of(Objective.values())).hasSize(2);
  }
}
