package io.jointflow.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Deployment;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples of docs/clouds-format.md and of the placement section of docs/app-format.md do what they say. */
class FormatDocsTest {
  private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

  private static String section(String doc, String heading) throws Exception {
    String text = Files.readString(Path.of("..", "docs", doc));
    int start = text.indexOf("## " + heading + "\n");
    assertThat(start).as("%s has a section '%s'", doc, heading).isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private static List<String> blocks(String section, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  private static Clouds exampleClouds() throws Exception {
    String yaml = blocks(section("clouds-format.md", "Example"), "yaml").get(0);
    return CloudsDefinitions.load(new StringReader(yaml), "clouds.yaml", Path.of("."));
  }

  @Test
  void theExampleOfTheCloudsFormatLoads() throws Exception {
    Clouds clouds = exampleClouds();
    assertThat(clouds.clouds()).containsOnlyKeys("aws", "ali");
    assertThat(clouds.faults()).hasSize(1);
  }

  @Test
  void theDocumentedErrorsAreTheOnesReported() throws Exception {
    String errors = section("clouds-format.md", "Errors");
    String yaml = blocks(errors, "yaml").get(0);
    List<String> expected = blocks(errors, "").get(0).lines()
        .filter(l -> !l.startsWith("jointflow:")).toList();
    assertThat(CloudsDefinitions.check(new StringReader(yaml), "clouds.yaml", Path.of(".")))
        .extracting(Diagnostic::toString).containsExactlyElementsOf(expected);
  }

  @Test
  void thePlacementExampleOfTheAppFormatFitsTheCloudsExample() throws Exception {
    String yaml = blocks(section("app-format.md", "Placement"), "yaml").get(0);
    LoadedApp app = AppDefinitions.load(new StringReader(yaml), "qa.yaml", Path.of("."), null);
    assertThat(app.app().function("bert").placement()).containsExactly("ali", "aws");
    assertThat(Deployment.check(app.app(), exampleClouds())).isEmpty();
  }
}
