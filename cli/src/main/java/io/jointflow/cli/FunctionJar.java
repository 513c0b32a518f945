package io.jointflow.cli;

import io.jointflow.function.JointflowException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes one deployable ("fat") jar out of jars and class directories: the first copy of each
 * entry wins, service files ({@code META-INF/services}) are merged, and what would break a merged
 * jar (signatures, manifests, {@code module-info}) is left out.
 */
final class FunctionJar {
  /** Parts of the command line's class path that a function never needs: the CLI, tools, tests. */
  private static final List<String> NOT_RUNTIME = List.of("jointflow-cli", "/cli/target/", "jointflow-cluster",
      "/cluster/target/", "jointflow-testkit", "/testkit/target/",
      "jointflow-bench", "/bench/target/", "jointflow-planner", "/planner/target/", "jointflow-fl", "/fl/target/", "picocli", "junit", "assertj", "opentest4j", "apiguardian", "surefire",
      "byte-buddy", "test-classes");

  private final Map<String, byte[]> extra = new LinkedHashMap<>();
  private final List<Path> sources = new ArrayList<>();

  /** The runtime parts of this JVM's class path (the CLI's own). */
  static List<Path> runtimeClassPath() {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String unix = e.replace('\\', '/');
      if (!e.isEmpty() && NOT_RUNTIME.stream().noneMatch(unix::contains) && Files.exists(Path.of(e))) {
        out.add(Path.of(e));
      }
    }
    return out;
  }

  /** Adds a jar or a class directory. */
  FunctionJar add(Path source) {
    sources.add(source);
    return this;
  }

  /** Adds a file at {@code name} (e.g. {@code jointflow/app.yaml}); it wins over the sources. */
  FunctionJar file(String name, byte[] content) {
    extra.put(name, content);
    return this;
  }

  /** Writes the jar. */
  void write(Path out) {
    Set<String> seen = new HashSet<>(extra.keySet());
    Map<String, StringBuilder> services = new LinkedHashMap<>();
    try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, new Manifest())) {
      for (Map.Entry<String, byte[]> f : extra.entrySet()) {
        put(jar, f.getKey(), f.getValue());
      }
      for (Path s : sources) {
        if (Files.isDirectory(s)) {
          try (Stream<Path> files = Files.walk(s)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
              copy(jar, s.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f), seen, services);
            }
          }
        } else {
          try (JarFile in = new JarFile(s.toFile())) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
              if (!e.isDirectory()) {
                try (InputStream is = in.getInputStream(e)) {
                  copy(jar, e.getName(), is.readAllBytes(), seen, services);
                }
              }
            }
          }
        }
      }
      for (Map.Entry<String, StringBuilder> s : services.entrySet()) {
        put(jar, s.getKey(), s.getValue().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new JointflowException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private static void copy(JarOutputStream jar, String name, byte[] bytes, Set<String> seen,
      Map<String, StringBuilder> services) throws IOException {
    String upper = name.toUpperCase(java.util.Locale.ROOT);
    if (upper.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class") || upper.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")
        || upper.startsWith("META-INF/INDEX.LIST")) {
      return;
    }
    if (name.startsWith("META-INF/services/")) {
      StringBuilder b = services.computeIfAbsent(name, k -> new StringBuilder());
      b.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip()).append('\n');
      return;
    }
    if (seen.add(name)) {
      put(jar, name, bytes);
    }
  }

  private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    jar.write(bytes);
    jar.closeEntry();
  }
}
