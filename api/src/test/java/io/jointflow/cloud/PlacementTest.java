package io.jointflow.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.app.App;
import io.jointflow.app.Trigger;
import io.jointflow.function.Handler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jointλ's record placement: outputs where they are produced, trigger state where most of the
 * trigger's producers run, a tie to the consumer.
 */
class PlacementTest {
  private static final Handler NOOP = call -> null;

  /** Producers p1..pn placed on the given clouds, all emitting into 'in', consumed by 'sink' on {@code consumer}. */
  private static App fanIn(String consumer, String... producerClouds) {
    App.Builder app = App.builder("fan-in");
    app.functionSpec("start", f -> f.handler(NOOP).placement(consumer));
    for (int i = 0; i < producerClouds.length; i++) {
      String cloud = producerClouds[i];
      app.functionSpec("p" + i, f -> f.handler(NOOP).outputs("in").placement(cloud, "backup"));
    }
    app.functionSpec("sink", f -> f.handler(NOOP).placement(consumer));
    return app.entry("start").result("sink")
        .bucket("in", b -> b.trigger("gather", Trigger.byBatchSize(producerClouds.length), "sink"))
        .build();
  }

  private static String stateCloud(App app) {
    return Placement.triggerStateCloud(app, app.bucket("in").triggers().get(0)).orElseThrow();
  }

  @Test
  void triggerStateGoesWhereMostProducersRun() {
    assertThat(stateCloud(fanIn("ali", "aws", "aws", "ali"))).isEqualTo("aws");
    assertThat(stateCloud(fanIn("aws", "ali", "ali", "ali", "aws"))).isEqualTo("ali");
  }

  @Test
  void aTieGoesToTheConsumersCloud() {
    assertThat(stateCloud(fanIn("ali", "aws", "ali"))).isEqualTo("ali");
    assertThat(stateCloud(fanIn("aws", "aws", "ali"))).isEqualTo("aws");
  }

  @Test
  void aTieWithoutTheConsumerGoesToTheFirstProducersCloud() {
    assertThat(stateCloud(fanIn("gcp", "ali", "aws"))).isEqualTo("ali");
    assertThat(stateCloud(fanIn("gcp", "aws", "ali", "ali", "aws"))).isEqualTo("aws");
  }

  @Test
  void aTriggerThatNamesItsStateCloudKeepsItThereWhateverTheVote() {
    App app = App.builder("fan-in")
        .functionSpec("start", f -> f.handler(NOOP).outputs("in").placement("aws"))
        .functionSpec("p0", f -> f.handler(NOOP).outputs("in").placement("aws"))
        .functionSpec("p1", f -> f.handler(NOOP).outputs("in").placement("ali"))
        .functionSpec("sink", f -> f.handler(NOOP).placement("aws"))
        .entry("start").result("sink")
        .bucket("in", b -> b.trigger("gather", t -> t.type(Trigger.byBatchSize(3)).target("sink").state("ali")))
        .build();
    assertThat(stateCloud(app)).as("aws has two producers and the consumer; the trigger says ali").isEqualTo("ali");
    assertThat(Placement.of(app).triggerState("in", "gather")).isEqualTo("ali");
  }

  @Test
  void onlyPrimaryCloudsCountAndABucketWithoutProducersFollowsItsConsumer() {
    App app = App.builder("chain")
        .placement("aws")
        .functionSpec("a", f -> f.handler(NOOP).outputs("mid").placement("ali", "aws"))
        .functionSpec("b", f -> f.handler(NOOP).outputs("end"))
        .function("c", NOOP)
        .bucket("mid", b -> b.trigger("to-b", Trigger.immediate(), "b"))
        .bucket("end", b -> b.trigger("to-c", Trigger.immediate(), "c"))
        .bucket("orphan", b -> b.trigger("never", Trigger.immediate(), "a"))
        .entry("a")
        .build();
    Placement p = Placement.of(app);
    assertThat(p.functions()).isEqualTo(Map.of("a", List.of("ali", "aws"), "b", List.of("aws"), "c", List.of("aws")));
    assertThat(p.triggerState()).isEqualTo(Map.of(
        "mid", Map.of("to-b", "ali"), "end", Map.of("to-c", "aws"), "orphan", Map.of("never", "ali")));
    assertThat(p.outputCloud("a")).isEqualTo("ali");
    assertThat(p.triggerState("mid", "to-b")).isEqualTo("ali");
    assertThat(p.isEmbedded()).isFalse();
    assertThatThrownBy(() -> p.clouds("z")).hasMessage("function 'z' is unknown (functions: a, b, c)");
    assertThatThrownBy(() -> p.triggerState("mid", "z")).hasMessage("bucket 'mid' has no trigger 'z'");
  }

  @Test
  void anEmbeddedAppHasNoPlacement() {
    App app = App.builder("local")
        .function("a", NOOP, "mid")
        .function("b", NOOP)
        .bucket("mid", b -> b.trigger("next", Trigger.immediate(), "b"))
        .build();
    Placement p = Placement.of(app);
    assertThat(p.isEmbedded()).isTrue();
    assertThat(p.functions()).isEmpty();
    assertThat(p.clouds("a")).isEmpty();
    assertThat(Placement.triggerStateCloud(app, app.triggers().get(0))).isEmpty();
    assertThatThrownBy(() -> p.outputCloud("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theMapsAreImmutable() {
    Placement p = Placement.of(fanIn("ali", "aws"));
    assertThatThrownBy(() -> p.functions().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.functions().get("p0").add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.triggerState().get("in").put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
