package io.jointflow.fl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointflow.function.JointflowException;
import java.nio.file.Path;
import java.util.Map;

/** The {@code options:} section of {@code fl.yaml}, kebab-case keys named like {@link FlOptions}'s components. */
final class FlOptionsReader {
  private FlOptionsReader() {}

  private static final java.util.List<String> KEYS = java.util.List.of("budget", "eval-every", "epochs", "batch",
      "learning-rate", "comm", "cross-cloud-time", "planets-per-dc", "rotation-period", "ring", "rotation-phase", "merge", "recency-lambda", "serve", "gamma", "refresh", "beta0", "pull", "kappa",
      "stellar", "async-alpha", "async-exponent", "buffer", "hier-period", "hub", "baseline-type", "policy", "epsilon",
      "reward", "curiosity", "objective", "lambda-cost", "dc-budget", "time-unit", "time-unit-sd", "tee-slowdown", "seed");

  static FlOptions read(JsonNode o, Path file) {
    FlOptions.Builder b = FlOptions.builder();
    if (o.isMissingNode() || o.isNull()) {
      return b.build();
    }
    TrainOptions t = TrainOptions.defaults();
    int epochs = t.epochs();
    int batch = t.batch();
    double lr = t.learningRate();
    double unit = 0.03;
    double unitSd = 0.01;
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "budget" -> b.budget(v.asDouble());
        case "eval-every" -> b.evalEvery(v.asDouble());
        case "epochs" -> epochs = v.asInt();
        case "batch" -> batch = v.asInt();
        case "learning-rate" -> lr = v.asDouble();
        case "comm" -> b.comm(v.asDouble());
        case "cross-cloud-time" -> b.crossCloudTime(v.asDouble());
        case "planets-per-dc" -> b.planetsPerDc(v.asInt());
        case "rotation-period" -> b.rotationPeriod(v.asDouble());
        case "ring" -> b.ring(v.asText());
        case "rotation-phase" -> b.rotationPhase(v.asText());
        case "merge" -> b.merge(v.asText());
        case "recency-lambda" -> b.recencyLambda(v.asDouble());
        case "serve" -> b.serve(v.asText());
        case "gamma" -> b.gamma(v.asDouble());
        case "refresh" -> b.refresh(v.asText());
        case "beta0" -> b.beta0(v.asDouble());
        case "pull" -> b.pull(v.asBoolean());
        case "kappa" -> b.kappa(v.asDouble());
        case "stellar" -> b.stellar(switch (v.asText()) {
          case "version-weighted" -> FlOptions.StellarRule.VERSION_WEIGHTED;
          case "staleness" -> FlOptions.StellarRule.STALENESS;
          default -> throw new JointflowException("fl file '" + file + "' option stellar is '" + v.asText()
              + "'; valid: version-weighted, staleness");
        });
        case "async-alpha" -> b.asyncAlpha(v.asDouble());
        case "async-exponent" -> b.asyncExponent(v.asDouble());
        case "buffer" -> b.buffer(v.asInt());
        case "hier-period" -> b.hierPeriod(v.asInt());
        case "hub" -> b.hub(v.asInt());
        case "baseline-type" -> b.baselineType(v.asText());
        case "policy" -> b.policy(v.asText());
        case "epsilon" -> b.epsilon(v.asDouble());
        case "reward" -> b.reward(v.asText());
        case "curiosity" -> b.curiosity(v.asDouble());
        case "objective" -> b.objective(v.asText());
        case "lambda-cost" -> b.lambdaCost(v.asDouble());
        case "dc-budget" -> b.dcBudget(v.asDouble());
        case "time-unit" -> unit = v.asDouble();
        case "time-unit-sd" -> unitSd = v.asDouble();
        case "tee-slowdown" -> b.teeSlowdown(v.asDouble());
        case "seed" -> b.seed(v.asLong());
        default -> throw new JointflowException("fl file '" + file + "' has unknown option '" + e.getKey() + "'; valid: "
            + KEYS);
      }
    }
    try {
      return b.train(new TrainOptions(epochs, batch, (float) lr)).timeUnit(unit, unitSd).build();
    } catch (IllegalArgumentException e) {
      throw new JointflowException("fl file '" + file + "' options: " + e.getMessage(), e);
    }
  }
}
