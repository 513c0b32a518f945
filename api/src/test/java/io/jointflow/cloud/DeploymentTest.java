package io.jointflow.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.InvalidAppException;
import io.jointflow.app.Problem;
import io.jointflow.app.Trigger;
import io.jointflow.function.Handler;
import org.junit.jupiter.api.Test;

/** An app's placement against the clouds it is deployed to. */
class DeploymentTest {
  private static final Handler NOOP = call -> null;

  @Test
  void everyUnknownCloudAndEveryProfileMissingInThePrimaryIsReported() {
    App app = App.builder("qa")
        .placement("aws", "gcp")
        .functionSpec("sort", f -> f.handler(NOOP).outputs("docs").profile("cpu-512"))
        .functionSpec("bert", f -> f.handler(NOOP).placement("ali", "azure").profile("gpu-a100"))
        .functionSpec("report", f -> f.handler(NOOP).placement("aws").profile("gpu-t4-8g"))
        .bucket("docs", b -> b.trigger("infer", Trigger.immediate(), "bert"))
        .bucket("answers", b -> b.trigger("done", Trigger.immediate(), "report"))
        .entry("sort").result("report")
        .build();
    assertThat(Deployment.check(app, CloudsTest.twoClouds())).extracting(Problem::toString).containsExactly(
        "placement: app placement names unknown cloud 'gcp' (clouds: aws, ali)",
        "functions.bert.placement: function 'bert' placement names unknown cloud 'azure' (clouds: aws, ali)",
        "functions.bert.profile: function 'bert' profile 'gpu-a100' is unknown in its primary cloud 'ali'"
            + " (profiles: gpu-t4-8g)",
        "functions.report.profile: function 'report' profile 'gpu-t4-8g' is unknown in its primary cloud"
            + " 'aws' (profiles: cpu-512)");
    assertThatThrownBy(() -> Deployment.require(app, CloudsTest.twoClouds()))
        .isInstanceOf(InvalidAppException.class).hasMessageContaining("4 problems");
  }

  @Test
  void anAppThatFitsItsCloudsOrRunsEmbeddedHasNoProblem() {
    App placed = App.builder("qa")
        .placement("aws")
        .functionSpec("sort", f -> f.handler(NOOP).outputs("docs").profile("cpu-512"))
        .functionSpec("bert", f -> f.handler(NOOP).placement("ali", "aws").profile("gpu-t4-8g"))
        .bucket("docs", b -> b.trigger("infer", Trigger.immediate(), "bert"))
        .build();
    assertThat(Deployment.check(placed, CloudsTest.twoClouds())).isEmpty();
    App embedded = App.builder("local").function("only", NOOP).build();
    assertThat(Deployment.check(embedded, CloudsTest.twoClouds())).isEmpty();
    Deployment.require(placed, CloudsTest.twoClouds());
  }

  @Test
  void aTriggerStateInAnUnknownCloudIsReported() {
    App app = App.builder("mc")
        .placement("aws")
        .function("map", NOOP, "hits")
        .function("sum", NOOP)
        .bucket("hits", b -> b.trigger("join", t -> t.type(Trigger.dynamicJoin()).target("sum").state("gcp")))
        .build();
    assertThat(Deployment.check(app, CloudsTest.twoClouds())).extracting(Problem::toString).containsExactly(
        "buckets.hits.triggers.join.state: trigger 'join' on bucket 'hits' keeps its state in unknown cloud 'gcp'"
            + " (clouds: aws, ali)");
  }
}
