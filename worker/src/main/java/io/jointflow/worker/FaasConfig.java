package io.jointflow.worker;

import io.jointflow.cloud.Clouds;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What a Jointflow function deployed on a FaaS cloud (AWS Lambda, Function Compute) runs: the
 * clouds, the app and the cloud it belongs to. Read from the files that {@code JOINTFLOW_CLOUDS}
 * and {@code JOINTFLOW_APP} name and the cloud that {@code JOINTFLOW_CLOUD} names, or else from
 * what {@code jointflow package} bundled in the jar: {@code jointflow/clouds.yaml}, {@code
 * jointflow/app.yaml} and {@code jointflow/cloud}.
 *
 * @param clouds the clouds
 * @param app the app, with its handler classes loaded
 * @param cloud the cloud this function runs on
 */
public record FaasConfig(Clouds clouds, LoadedApp app, String cloud) {
  /** Where {@code jointflow package} puts the clouds file in the jar. */
  public static final String CLOUDS = "jointflow/clouds.yaml";
  /** Where {@code jointflow package} puts the app file in the jar. */
  public static final String APP = "jointflow/app.yaml";
  /** Where {@code jointflow package} puts the cloud's name in the jar. */
  public static final String CLOUD = "jointflow/cloud";

  /**
   * Reads the configuration.
   *
   * @throws JointflowException naming what is missing or invalid and how to provide it
   */
  public static FaasConfig load(UnaryOperator<String> env, ClassLoader loader) {
    Clouds clouds = env.apply("JOINTFLOW_CLOUDS") != null
        ? CloudsDefinitions.load(Path.of(env.apply("JOINTFLOW_CLOUDS")))
        : CloudsDefinitions.load(reader(loader, CLOUDS), CLOUDS, tmp());
    LoadedApp app = env.apply("JOINTFLOW_APP") != null
        ? AppDefinitions.load(Path.of(env.apply("JOINTFLOW_APP")), loader)
        : AppDefinitions.load(reader(loader, APP), APP, tmp(), loader);
    String cloud = env.apply("JOINTFLOW_CLOUD");
    if (cloud == null) {
      try (java.io.BufferedReader r = new java.io.BufferedReader(reader(loader, CLOUD))) {
        cloud = String.join("\n", r.lines().toList()).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!clouds.clouds().containsKey(cloud)) {
      throw new JointflowException("cloud '" + cloud + "' is not in the clouds file (clouds: "
          + String.join(", ", clouds.clouds().keySet()) + "); set JOINTFLOW_CLOUD or package with --cloud");
    }
    return new FaasConfig(clouds, app, cloud);
  }

  private static Reader reader(ClassLoader loader, String resource) {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new JointflowException("Jointflow configuration '" + resource + "' is neither in the function's jar nor"
          + " named by JOINTFLOW_CLOUDS, JOINTFLOW_APP and JOINTFLOW_CLOUD; build the jar with"
          + " `jointflow package --cloud NAME --clouds clouds.yaml app.yaml`");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Where relative paths of bundled files point: the only writable directory on Lambda and FC. */
  private static Path tmp() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

}
