package io.jointflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jointflow.function.Handler;
import org.junit.jupiter.api.Test;

/** Placement as the builder takes it: an app either runs embedded or places every function. */
class AppPlacementTest {
  private static final Handler NOOP = call -> null;

  private static App.Builder twoSteps() {
    return App.builder("p")
        .function("split", NOOP, "parts")
        .function("join", NOOP)
        .bucket("parts", b -> b.trigger("next", Trigger.immediate(), "join"));
  }

  @Test
  void anAppWithoutPlacementRunsEmbeddedAsBefore() {
    App app = twoSteps().build();
    assertThat(app.placement()).isEmpty();
    assertThat(app.function("split").placement()).isEmpty();
    assertThat(app.function("split").profile()).isNull();
  }

  @Test
  void functionsNameTheirCloudsPrimaryFirstAndTheAppGivesTheDefault() {
    App app = App.builder("p")
        .placement("aws")
        .functionSpec("split", f -> f.handler(NOOP).outputs("parts"))
        .functionSpec("join", f -> f.handler(NOOP).placement("ali", "aws").profile("gpu-t4-8g"))
        .bucket("parts", b -> b.trigger("next", Trigger.immediate(), "join"))
        .build();
    assertThat(app.placement()).containsExactly("aws");
    assertThat(app.function("split").placement()).isEmpty();
    assertThat(app.function("join").placement()).containsExactly("ali", "aws");
    assertThat(app.function("join").profile()).isEqualTo("gpu-t4-8g");
  }

  @Test
  void everyPlacementProblemIsReported() {
    InvalidAppException e = catchThrowableOfType(InvalidAppException.class, () -> App.builder("p")
        .placement("aws", "aws")
        .functionSpec("split", f -> f.handler(NOOP).outputs("parts").placement("bad cloud"))
        .functionSpec("join", f -> f.handler(NOOP).profile("no such!"))
        .bucket("parts", b -> b.trigger("next", Trigger.immediate(), "join"))
        .build());
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "placement: app placement lists cloud 'aws' twice: aws, aws",
        "functions.split.placement: function 'split' placement names an invalid cloud 'bad cloud': "
            + Names.NAME_RULE,
        "functions.join.profile: function 'join' profile name 'no such!' is invalid: " + Names.NAME_RULE);
  }

  @Test
  void aFunctionWithoutCloudsInAnAppThatPlacesOthersHasNowhereToRun() {
    InvalidAppException e = catchThrowableOfType(InvalidAppException.class, () -> App.builder("p")
        .functionSpec("split", f -> f.handler(NOOP).outputs("parts").placement("aws"))
        .function("join", NOOP)
        .bucket("parts", b -> b.trigger("next", Trigger.immediate(), "join"))
        .build());
    assertThat(e.problems()).extracting(Problem::toString).containsExactly(
        "functions.join: function 'join' has no placement while split has one: give it a placement"
            + " or set the app's placement (the default of every function)");
  }

  @Test
  void aProfileWithoutPlacementIsAnError() {
    InvalidAppException e = catchThrowableOfType(InvalidAppException.class, () -> App.builder("p")
        .functionSpec("split", f -> f.handler(NOOP).outputs("parts").profile("cpu-512"))
        .function("join", NOOP)
        .bucket("parts", b -> b.trigger("next", Trigger.immediate(), "join"))
        .build());
    assertThat(e.problems()).extracting(Problem::message).containsExactly(
        "function 'split' has profile 'cpu-512' but the app has no placement: profiles belong to"
            + " clouds (set a placement)");
  }

  @Test
  void aStateCloudNeedsAStatefulTriggerOfAPlacedApp() {
    InvalidAppException embedded = catchThrowableOfType(InvalidAppException.class, () -> App.builder("p")
        .function("split", NOOP, "parts")
        .function("join", NOOP)
        .bucket("parts", b -> b.trigger("all", t -> t.type(Trigger.byBatchSize(2)).target("join").state("ali")))
        .build());
    assertThat(embedded.problems()).extracting(Problem::toString).containsExactly(
        "buckets.parts.triggers.all.state: a trigger's state cloud needs a placed app, and this app has no"
            + " placement (it runs embedded): set a placement or remove 'state'");
    InvalidAppException stateless = catchThrowableOfType(InvalidAppException.class, () -> App.builder("p")
        .placement("aws")
        .function("split", NOOP, "parts")
        .function("join", NOOP)
        .bucket("parts", b -> b.trigger("next", t -> t.type(Trigger.immediate()).target("join").state("Bad Cloud")))
        .build());
    assertThat(stateless.problems()).extracting(Problem::toString).containsExactly(
        "buckets.parts.triggers.next.state: trigger 'next' state names an invalid cloud 'Bad Cloud': " + Names.NAME_RULE,
        "buckets.parts.triggers.next.state: trigger 'next' on bucket 'parts' is immediate and keeps no state, so it"
            + " has no state cloud: remove 'state'");
  }
}
