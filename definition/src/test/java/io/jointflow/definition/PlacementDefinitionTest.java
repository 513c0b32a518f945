package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.app.Names;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Link;
import io.jointflow.cloud.Profile;
import io.jointflow.cloud.Sizes;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code placement:} and {@code profile:} in app definitions, and their check against a clouds file. */
class PlacementDefinitionTest {
  @TempDir
  Path dir;

  private static final String QA = """
      app: qa
      placement: [aws]
      functions:
        sort: {class: x.Sort, outputs: [docs], profile: cpu-512}
        bert:
          class: x.Bert
          placement: [ali, aws]
          profile: gpu-t4-8g
      buckets:
        docs:
          triggers:
            - {name: infer, type: immediate, target: bert}
      """;

  private static final Clouds CLOUDS = Clouds.builder()
      .cloud("aws", c -> c.profile(Profile.of("cpu-512", 512 * Sizes.MB)))
      .cloud("ali", c -> c.profile(Profile.of("gpu-t4-8g", 4 * Sizes.GB).withGpu("T4", 8 * Sizes.GB)))
      .link(Link.between("aws", "ali", Duration.ofMillis(15)))
      .build();

  private static List<String> errors(String yaml) {
    return DefinitionErrorsTest.errors(yaml);
  }

  @Test
  void placementAndProfileLoadIntoTheApp() {
    App app = AppDefinitions.load(new StringReader(QA), "qa.yaml", Path.of("."), null).app();
    assertThat(app.placement()).containsExactly("aws");
    assertThat(app.function("sort").placement()).isEmpty();
    assertThat(app.function("sort").profile()).isEqualTo("cpu-512");
    assertThat(app.function("bert").placement()).containsExactly("ali", "aws");
    App json = AppDefinitions.load(new StringReader("""
        {"app": "qa", "placement": ["aws"],
         "functions": {"only": {"class": "x.Only", "placement": ["ali", "aws"], "profile": "gpu"}}}
        """), "qa.json", Path.of("."), null).app();
    assertThat(json.function("only").placement()).containsExactly("ali", "aws");
    assertThat(json.function("only").profile()).isEqualTo("gpu");
  }

  @Test
  void badPlacementsAreReportedWhereTheyAreWritten() {
    assertThat(errors("""
        app: qa
        placement: []
        functions:
          a: {class: x.A, outputs: [mid], placement: aws}
          b: {class: x.B, outputs: [end], placement: [aws, aws, "no way"]}
          c: {class: x.C, placement: [[aws]], profile: "gpu!"}
        buckets:
          mid: {triggers: [{name: next, type: immediate, target: b}]}
          end: {triggers: [{name: next, type: immediate, target: c}]}
        """)).containsExactly(
        "2:1 app definition placement must name at least one cloud (the primary, then failovers),"
            + " or be left out",
        "4:46 function 'a' placement must be a list: 'aws'",
        "5:35 function 'b' placement lists cloud 'aws' twice: aws, aws, no way",
        "5:35 function 'b' placement names an invalid cloud 'no way': " + Names.NAME_RULE,
        "6:31 function 'c' placement must list strings, not a list",
        "6:48 function 'c' profile name 'gpu!' is invalid: " + Names.NAME_RULE);
  }

  @Test
  void anAppThatPlacesSomeFunctionsMustPlaceAll() {
    assertThat(errors("""
        app: qa
        functions:
          a: {class: x.A, outputs: [mid], placement: [aws]}
          b: {class: x.B, profile: cpu-512}
        buckets:
          mid: {triggers: [{name: next, type: immediate, target: b}]}
        """)).containsExactly(
        "4:3 function 'b' has no placement while a has one: give it a placement or set the app's"
            + " placement (the default of every function)");
    assertThat(errors("""
        app: qa
        functions:
          only: {class: x.Only, profile: cpu-512}
        """)).containsExactly(
        "3:34 function 'only' has profile 'cpu-512' but the app has no placement: profiles belong to"
            + " clouds (set a placement)");
  }

  @Test
  void placementIsCheckedAgainstTheCloudsAtTheLinesThatNameThem() throws Exception {
    Path ok = Files.writeString(dir.resolve("qa.yaml"), QA);
    assertThat(AppDefinitions.check(ok, null, CLOUDS)).isEmpty();
    assertThat(AppDefinitions.load(ok, null, CLOUDS).app().name()).isEqualTo("qa");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), QA.replace("[aws]", "[gcp]")
        .replace("[ali, aws]", "[ali, azure]").replace("gpu-t4-8g", "gpu-a100"));
    assertThat(AppDefinitions.check(bad, null, CLOUDS)).extracting(d -> d.line() + ":" + d.column() + " " + d.message())
        .containsExactly(
            "2:1 app placement names unknown cloud 'gcp' (clouds: aws, ali)",
            "7:5 function 'bert' placement names unknown cloud 'azure' (clouds: aws, ali)",
            "8:14 function 'bert' profile 'gpu-a100' is unknown in its primary cloud 'ali' (profiles: gpu-t4-8g)");
  }
}
