package io.jointflow.cloud;

import io.jointflow.app.App;
import io.jointflow.app.BucketSpec;
import io.jointflow.app.FunctionSpec;
import io.jointflow.app.InvalidAppException;
import io.jointflow.app.Problem;
import io.jointflow.app.TriggerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an app's placement against the clouds it is deployed to: every cloud it names exists, and
 * every function's profile exists in its primary cloud (a failover cloud without the profile runs
 * the function at its default size). An app without placement runs embedded and has nothing to
 * check. Thread safe; pure.
 */
public final class Deployment {
  private Deployment() {}

  /**
   * Every problem of deploying {@code app} to {@code clouds}, with paths in the app's keys
   * ({@code placement}, {@code functions.resize.placement}, {@code functions.bert.profile}); empty
   * when there is none.
   */
  public static List<Problem> check(App app, Clouds clouds) {
    List<Problem> problems = new ArrayList<>();
    Placement placement = Placement.of(app);
    if (placement.isEmbedded()) {
      return problems;
    }
    String known = CloudsValidator.list(clouds.clouds().keySet());
    for (String cloud : app.placement()) {
      if (!clouds.clouds().containsKey(cloud)) {
        problems.add(new Problem("placement", "app placement names unknown cloud '" + cloud
            + "' (clouds: " + known + ")"));
      }
    }
    for (BucketSpec b : app.buckets().values()) {
      for (TriggerSpec t : b.triggers()) {
        if (t.state() != null && !clouds.clouds().containsKey(t.state())) {
          problems.add(new Problem("buckets." + b.name() + ".triggers." + t.name() + ".state", "trigger '" + t.name()
              + "' on bucket '" + b.name() + "' keeps its state in unknown cloud '" + t.state() + "' (clouds: " + known + ")"));
        }
      }
    }
    for (FunctionSpec f : app.functions().values()) {
      String what = "function '" + f.name() + "'";
      for (String cloud : f.placement()) {
        if (!clouds.clouds().containsKey(cloud)) {
          problems.add(new Problem("functions." + f.name() + ".placement", what
              + " placement names unknown cloud '" + cloud + "' (clouds: " + known + ")"));
        }
      }
      CloudSpec primary = clouds.clouds().get(placement.clouds(f.name()).get(0));
      if (f.profile() != null && primary != null && !primary.profiles().containsKey(f.profile())) {
        problems.add(new Problem("functions." + f.name() + ".profile", what + " profile '"
            + f.profile() + "' is unknown in its primary cloud '" + primary.name() + "' ("
            + (primary.profiles().isEmpty() ? "it has no profiles" : "profiles: "
            + String.join(", ", primary.profiles().keySet())) + ")"));
      }
    }
    return problems;
  }

  /**
   * Checks like {@link #check} and throws when there is a problem.
   *
   * @throws InvalidAppException listing every problem
   */
  public static void require(App app, Clouds clouds) {
    List<Problem> problems = check(app, clouds);
    if (!problems.isEmpty()) {
      throw new InvalidAppException(app.name(), problems);
    }
  }
}
