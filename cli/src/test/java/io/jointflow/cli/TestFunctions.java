package io.jointflow.cli;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.testkit.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the packaging and real-cloud tests share: the two-step app {@code shout -> print} and its
 * handlers jar, {@code jointflow package}, a function runtime started as a process of its own, and
 * adapters opened with test credentials.
 */
final class TestFunctions {
  private static final Pattern READY = Pattern.compile("listening on port (\\d+)");

  private TestFunctions() {}

  /** Writes {@code dir/app-CLOUD.yaml}: shout (Upper, into bucket mid) then print (Exclaim), both on {@code cloud}. */
  static Path shoutApp(Path dir, String cloud) throws IOException {
    Path a = dir.resolve("app-" + cloud + ".yaml");
    Files.writeString(a, """
        app: shout
        placement: [%s]
        functions:
          shout: {class: io.jointflow.cli.Upper, outputs: [mid]}
          print: {class: io.jointflow.cli.Exclaim}
        buckets:
          mid:
            triggers:
              - {name: next, type: immediate, target: print}
        """.formatted(cloud));
    return a;
  }

  /** Runs {@code jointflow package --cloud CLOUD} with the handlers jar into {@code jar}; fails the test if it does not succeed. */
  static Path packageJar(Path dir, Path clouds, Path app, String cloud, Path jar) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"package", "--cloud", cloud, "--clouds", clouds.toString(), app.toString(),
        "--jar", handlersJar(dir).toString(), "-o", jar.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
    if (code != 0) {
      throw new AssertionError("jointflow package exited with " + code + ": " + err);
    }
    return jar;
  }

  /** A process that printed {@code listening on port N}, its output in {@code log}; closing kills it. */
  record Launched(Process process, Path log, int port) implements AutoCloseable {
    /** What it printed so far. */
    String output() {
      return read(log);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /**
   * Starts {@code mainClass} in a new JVM on {@code classPath} with {@code args} and {@code env}, and
   * waits until it prints its port.
   */
  static Launched start(String classPath, String mainClass, List<String> args, Map<String, String> env, Path log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", classPath, mainClass));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    Await.until(mainClass + " printed its port (" + log + ")", () -> !p.isAlive() || READY.matcher(read(log)).find());
    Matcher m = READY.matcher(read(log));
    if (!m.find()) {
      p.destroyForcibly();
      p.waitFor(Await.HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError(mainClass + " exited with " + p.exitValue() + ": " + read(log));
    }
    return new Launched(p, log, Integer.parseInt(m.group(1)));
  }

  /** The file's text, or "" while it does not exist. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Writes {@code dir/handlers.jar} with the test handlers Upper and Exclaim. */
  static Path handlersJar(Path dir) throws IOException {
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

  /**
   * Compiles {@code sources} (class name to Java source) against the API alone, in a directory of
   * {@code work} of its own, and puts the classes in {@code jar} (and nowhere else on the class path).
   */
  static Path compiledJar(Path work, Map<String, String> sources, Path jar) throws IOException {
    Path build = work.resolve(jar.getFileName() + ".build");
    Path src = Files.createDirectories(build.resolve("src"));
    Path classes = Files.createDirectories(build.resolve("classes"));
    List<String> args = new ArrayList<>();
    String api;
    try {
      api = Path.of(io.jointflow.function.Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    args.addAll(List.of("--release", "21", "-classpath", api, "-d", classes.toString()));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      args.add(file.toString());
    }
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, log, log, args.toArray(String[]::new));
    if (compiled != 0) {
      throw new AssertionError("javac failed: " + log);
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        var files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
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
