package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.app.App;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Deployment;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.examples.workloads.EmulatedTime;
import io.jointflow.examples.workloads.Workload;
import io.jointflow.examples.workloads.Workloads;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workloads' shipped YAML definitions are what {@link Workload#yaml} generates, load, and fit
 * their clouds file; every size's app is valid and placed as the workload says.
 */
class WorkloadDefinitionsTest {
  private static final Path DIR = Path.of("workloads").toAbsolutePath();
  private static final Map<String, Integer> SHIPPED = Map.of("video", 8, "qa", 4, "iot", 10, "montecarlo", 32);

  @ParameterizedTest
  @ValueSource(strings = {"video", "qa", "iot", "montecarlo"})
  void shippedDefinitionIsTheGeneratedOneAndFitsTheClouds(String name) throws Exception {
    Workload w = Workloads.named(name);
    Path file = DIR.resolve(name + ".yaml");
    assertThat(Files.readString(file)).as("%s: regenerate it with Workload.writeYaml", file)
        .isEqualTo(w.yaml(SHIPPED.get(name)));
    Clouds clouds = CloudsDefinitions.load(Path.of(w.cloudsFile()).toAbsolutePath());
    LoadedApp loaded = AppDefinitions.load(file, getClass().getClassLoader(), clouds);
    assertThat(Deployment.check(loaded.app(), clouds)).isEmpty();
    assertThat(loaded.app().functions().keySet()).isEqualTo(w.app(SHIPPED.get(name)).functions().keySet());
  }

  @Test
  void everySizeBuildsAndKeepsItsPlacement() throws Exception {
    Clouds clouds = CloudsDefinitions.load(Path.of(Workload.CLOUDS).toAbsolutePath());
    for (Workload w : Workloads.all()) {
      for (int size : w.sizes()) {
        App app = w.app(size);
        assertThat(Deployment.check(app, clouds)).as("%s at %d", w.name(), size).isEmpty();
        LoadedApp fromYaml = AppDefinitions.load(new StringReader(w.yaml(size)), w.name() + ".yaml", DIR,
            getClass().getClassLoader());
        w.placement(size).forEach((fn, clouds2) ->
            assertThat(fromYaml.app().function(fn).placement()).as("%s %s", w.name(), fn).isEqualTo(clouds2));
        assertThat(w.times(size)).containsOnlyKeys(app.functions().keySet());
        assertThat(w.edges(size)).hasSize(app.functions().size() == 1 ? 0 : w.edges(size).size())
            .allSatisfy(e -> assertThat(app.functions()).containsKeys(e.from(), e.to()));
        if (app.functions().size() > 1) {
          assertThat(w.edges(size)).as("%s at %d", w.name(), size).isNotEmpty();
        }
      }
    }
  }

  @Test
  void iotAlternatesCloudsAndModelStepsAreFasterOnTheGpuCloud() {
    assertThat(Workloads.iot().placement(4).values()).extracting(l -> l.get(0))
        .containsExactly("aws", "ali", "aws", "ali");
    Map<String, Duration> resnet = Workloads.video().times(4).get("resnet");
    assertThat(resnet.get("aws")).isEqualTo(resnet.get("ali").multipliedBy(7));
    assertThat(Workloads.video().placement(4).get("resnet")).containsExactly("ali");
    assertThat(Workloads.video().profiles(4)).containsEntry("resnet", Workloads.GPU);
    assertThat(Workloads.qa().placement(4).get("bert")).containsExactly("ali");
  }

  @Test
  void emulatedTimeParsesAndFormats() {
    Map<String, Duration> t = EmulatedTime.parse("aws=840ms, ali=1s");
    assertThat(t).containsExactly(Map.entry("aws", Duration.ofMillis(840)), Map.entry("ali", Duration.ofSeconds(1)));
    assertThat(EmulatedTime.format(t)).isEqualTo("aws=840ms ali=1000ms");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmulatedTime.parse("aws:40ms"))
        .hasMessageContaining("'aws:40ms'");
  }
}
