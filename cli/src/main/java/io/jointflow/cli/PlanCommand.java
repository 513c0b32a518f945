package io.jointflow.cli;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Placement;
import io.jointflow.core.Jointflow;
import io.jointflow.core.RunInfo;
import io.jointflow.core.RunStatus;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import io.jointflow.planner.InfeasiblePlanException;
import io.jointflow.planner.Objective;
import io.jointflow.planner.Placements;
import io.jointflow.planner.Plan;
import io.jointflow.planner.PlanOptions;
import io.jointflow.planner.PlanReport;
import io.jointflow.planner.Planner;
import io.jointflow.planner.Prediction;
import io.jointflow.planner.Profiles;
import io.jointflow.planner.RunTrace;
import io.jointflow.planner.TrialOptions;
import io.jointflow.planner.Trials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jointflow plan}: choose each function's clouds and predict makespan and cost (docs/planner.md). */
@Command(name = "plan", description = {"Choose each function's clouds from measured profiles, prices and the network;",
    "predict makespan and cost, check them against emulated runs, and write the placement (docs/planner.md)."})
final class PlanCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "APP", description = "The app definition (YAML or JSON).")
  Path appFile;

  @Option(names = "--clouds", required = true, paramLabel = "CLOUDS.yaml", description = "The clouds to place it on.")
  Path cloudsFile;

  @Option(names = "--objective", defaultValue = "cost", paramLabel = "cost|makespan",
      description = "What to minimise (default ${DEFAULT-VALUE}; --deadline implies cost, --budget makespan).")
  String objective;

  @Option(names = "--deadline", paramLabel = "DURATION", description = "Largest predicted makespan, e.g. 300ms.")
  String deadline;

  @Option(names = "--budget", paramLabel = "COST", description = "Most a million runs may cost, in the clouds' currency.")
  Double budget;

  @Option(names = "--profiles", paramLabel = "FILE", description = "Profiles saved by --save-profiles (no calibration).")
  Path profilesFile;

  @Option(names = "--from-runs", paramLabel = "STORE", arity = "0..1", fallbackValue = "clouds",
      description = "Learn profiles from the app's finished runs in the clouds file's stores (or a state store spec).")
  String fromRuns;

  @Option(names = "--save-profiles", paramLabel = "FILE", description = "Write the profiles used, as JSON.")
  Path saveProfiles;

  @Option(names = "--hand", paramLabel = "APP", description = "A hand-placed definition of the same app to compare"
      + " with (default: the app's own placement, if it has one).")
  Path handFile;

  @Option(names = "--check", defaultValue = "3", paramLabel = "N",
      description = "Run the plan (and the hand placement) N times emulated in this process and compare; 0 to skip.")
  int check;

  @Option(names = "--input", paramLabel = "KEY=VALUE", description = "An input object (KEY=text or KEY=@FILE).")
  List<String> inputs = List.of();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the app definition with the planned"
      + " placement here (the placement alone if the definition's layout defeats the rewrite).")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Main.configureLogging(false);
    ClassLoader parent = Main.class.getClassLoader();
    Clouds clouds = CloudsDefinitions.load(cloudsFile);
    LoadedApp loaded = AppDefinitions.load(appFile, parent, clouds);
    ClassLoader handlers = loaded.jars().isEmpty() ? parent : loaded.newClassLoader(parent);
    App app = loaded.app();
    Map<String, Object> in = new LinkedHashMap<>();
    loaded.inputs().forEach((k, v) -> in.put(k, RunCommand.value(k, v)));
    for (String kv : inputs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new JointflowException("--input '" + kv + "' must be KEY=VALUE or KEY=@FILE");
      }
      in.put(kv.substring(0, eq), RunCommand.value(kv.substring(0, eq), kv.substring(eq + 1)));
    }
    TrialOptions trials = TrialOptions.defaults().withHandlers(handlers);
    Profiles profiles = profiles(app, clouds, in, trials, err);
    if (saveProfiles != null) {
      profiles.write(saveProfiles);
    }
    Plan plan;
    try {
      plan = Planner.plan(app, clouds, profiles, options());
    } catch (InfeasiblePlanException e) {
      err.println("jointflow: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    App hand = handFile != null ? AppDefinitions.load(handFile, parent, clouds).app()
        : Placement.of(app).isEmbedded() ? null : app;
    Prediction handPrediction = hand == null ? null : Planner.predict(hand, clouds, profiles,
        Placement.of(hand).functions(), plan.options().coldStarts());
    Map<String, PlanReport.Check> checks = new LinkedHashMap<>();
    if (check > 0) {
      TrialOptions t = trials.withRuns(1, check);
      checks.put("plan", PlanReport.check(plan.prediction(), Trials.run(Placements.apply(app, plan), clouds,
          in, t)));
      if (hand != null) {
        checks.put("hand", PlanReport.check(handPrediction, Trials.run(hand, clouds, in, t)));
      }
    }
    out.print(PlanReport.render(plan, handPrediction, checks));
    out.flush();
    if (output != null) {
      write(plan, err);
    }
    return 0;
  }

  private PlanOptions options() {
    PlanOptions o = PlanOptions.defaults();
    if (deadline != null) {
      return o.withDeadline(Durations.parse("--deadline", deadline));
    }
    if (budget != null) {
      return o.withBudget(budget);
    }
    return switch (objective) {
      case "cost" -> o;
      case "makespan" -> o.withObjective(Objective.MAKESPAN);
      default -> throw new JointflowException("--objective must be cost or makespan: " + objective);
    };
  }

  private Profiles profiles(App app, Clouds clouds, Map<String, Object> in, TrialOptions trials, PrintWriter err) {
    if (profilesFile != null) {
      return Profiles.read(profilesFile);
    }
    if (fromRuns != null) {
      Jointflow.Builder b = fromRuns.equals("clouds") ? Jointflow.builder().clouds(clouds) : Jointflow.builder()
          .state(fromRuns);
      try (Jointflow jf = b.build()) {
        List<RunTrace> traces = new ArrayList<>();
        for (RunInfo r : jf.runs()) {
          if (r.app().equals(app.name()) && r.status() == RunStatus.SUCCEEDED) {
            traces.add(new RunTrace(r, jf.run(r.runId()).spans()));
          }
        }
        err.println("profiles from " + traces.size() + " finished runs of app '" + app.name() + "'");
        return Profiles.fromRuns(app, clouds, traces);
      }
    }
    err.println("calibrating: app '" + app.name() + "' on each of " + clouds.clouds().keySet()
        + " emulated in this process (1 warm-up and 3 kept runs each)");
    return Trials.calibrate(app, clouds, in, trials);
  }

  private void write(Plan plan, PrintWriter err) throws IOException {
    String text;
    try {
      Path base = appFile.toAbsolutePath().getParent();
      text = Placements.rewrite(Files.readString(appFile, StandardCharsets.UTF_8), plan, base,
          Main.class.getClassLoader());
    } catch (JointflowException e) {
      err.println("jointflow: " + e.getMessage() + "; writing the placement alone to " + output);
      text = Placements.fragment(plan);
    }
    Files.writeString(output, "# planned by: jointflow plan " + appFile + " --clouds " + cloudsFile + "\n" + text,
        StandardCharsets.UTF_8);
    err.println("wrote " + output);
  }
}
