package io.jointflow.cli;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/** What the packaging and real-cloud tests share: a handlers jar, and adapters opened with test credentials. */
final class TestFunctions {
  private TestFunctions() {}

  /** Writes {@code dir/handlers.jar} with the test handlers Upper and Exclaim. */
  static Path handlersJar(Path dir) throws java.io.IOException {
    Path handlers = dir.resolve("handlers.jar");
    try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(handlers))) {
      for (String c : new String[] {"Upper", "Exclaim"}) {
        jar.putNextEntry(new java.util.jar.JarEntry("io/jointflow/cli/" + c + ".class"));
        try (var in = TestFunctions.class.getResourceAsStream(c + ".class")) {
          jar.write(in.readAllBytes());
        }
        jar.closeEntry();
      }
    }
    return handlers;
  }

  /** Opens the compute adapter of {@code cloud}'s type, found through ServiceLoader, with {@code variables} as its environment. */
  static ComputeBackend backend(CloudSpec cloud, Map<String, String> variables) {
    String type = cloud.compute().type().configName();
    for (ComputeBackendProvider p : ServiceLoader.load(ComputeBackendProvider.class)) {
      if (p.type().equals(type)) {
        return p.open(cloud, null, variables::get);
      }
    }
    throw new IllegalStateException("no compute adapter of type '" + type + "' on the class path");
  }
}
