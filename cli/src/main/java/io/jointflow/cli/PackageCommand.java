package io.jointflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jointflow.app.FunctionSpec;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.Placement;
import io.jointflow.cloud.Profile;
import io.jointflow.definition.AppDefinitions;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.definition.LoadedApp;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jointflow package --cloud NAME --clouds CLOUDS.yaml APP.yaml}: the deployable jar of one
 * aws-lambda cloud's functions (docs/lambda.md).
 */
@Command(name = "package", description = {"Build the deployable jar of an app's functions on one aws-lambda cloud:",
    "the Jointflow runtime and adapters, the handler classes (the definition's jars and --jar) and the clouds",
    "file, the app and the cloud's name as its configuration. Prints one deploy command per function.",
    "Credentials are never packaged: the functions use their execution role.",
    "Exit codes: 0 written, 2 bad input (nothing written)."})
final class PackageCommand implements Callable<Integer> {
  /** The entry point every packaged function names. */
  static final String HANDLER = "io.jointflow.lambda.JointflowLambdaHandler::handleRequest";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--cloud", required = true, paramLabel = "NAME", description = "The aws-lambda cloud to package for.")
  String cloud;

  @Option(names = "--clouds", required = true, paramLabel = "CLOUDS.yaml", description = "The clouds file (docs/clouds-format.md).")
  Path clouds;

  @Parameters(index = "0", paramLabel = "APP.yaml", description = "The app definition.")
  Path app;

  @Option(names = "--jar", paramLabel = "JAR", description = "A jar with handler classes, besides the definition's jars. Repeatable.")
  List<Path> jars = List.of();

  @Option(names = {"-o", "--output"}, paramLabel = "JAR", description = "Where to write it (default APP-CLOUD-lambda.jar).")
  Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Clouds c = CloudsDefinitions.load(clouds);
    if (!c.clouds().containsKey(cloud)) {
      throw new JointflowException("cloud '" + cloud + "' is not in " + clouds + " (clouds: "
          + String.join(", ", c.clouds().keySet()) + ")");
    }
    CloudSpec target = c.cloud(cloud);
    if (target.compute().type() != ComputeType.AWS_LAMBDA) {
      throw new JointflowException("cloud '" + cloud + "' has compute type '" + target.compute().type().configName()
          + "'; jointflow package builds jars for aws-lambda clouds");
    }
    LoadedApp loaded = AppDefinitions.load(app, HandlerJars.loader(jars), c);
    List<String> functions = functionsOn(loaded, cloud);
    if (functions.isEmpty()) {
      throw new JointflowException("app '" + loaded.app().name() + "' places no function on cloud '" + cloud + "'");
    }
    Path jar = output != null ? output : Path.of(loaded.app().name() + "-" + cloud + "-lambda.jar");
    LambdaJar fat = new LambdaJar()
        .file("jointflow/clouds.yaml", Files.readAllBytes(clouds))
        .file("jointflow/app.yaml", withoutJars(app))
        .file("jointflow/cloud", cloud.getBytes(StandardCharsets.UTF_8));
    List<Path> parts = new ArrayList<>(LambdaJar.runtimeClassPath());
    parts.addAll(loaded.jars());
    parts.addAll(jars);
    parts.forEach(fat::add);
    fat.write(jar);
    missingHandlers(loaded, functions, jar);
    out.printf("wrote %s (%d KB): functions %s of app '%s' for cloud '%s'%n", jar, Files.size(jar) / 1024,
        functions, loaded.app().name(), cloud);
    String region = target.compute().options().get("region");
    String prefix = target.compute().options().getOrDefault("function-prefix", "");
    out.println("deploy each function (ROLE: an execution role that may invoke these functions and reach the"
        + " cloud's stores):");
    for (String f : functions) {
      FunctionSpec fs = loaded.app().functions().get(f);
      Profile p = fs.profile() != null ? target.profiles().get(fs.profile()) : null;
      long memory = (p != null ? p.memory() : target.limits().memory()) / (1024 * 1024);
      long timeout = Math.min(900, Math.max(1, fs.timeout().toSeconds()));
      out.printf("  aws lambda create-function --region %s --function-name %s%s --runtime java21 --handler %s"
          + " --memory-size %d --timeout %d --zip-file fileb://%s --role arn:aws:iam::ACCOUNT:role/ROLE%n",
          region, prefix, f, HANDLER, memory, timeout, jar.toAbsolutePath());
    }
    return 0;
  }

  /** Fails (and deletes the jar) if a packaged function's handler class is not in it. */
  private static void missingHandlers(LoadedApp loaded, List<String> functions, Path jar) throws IOException {
    try (java.net.URLClassLoader in = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (String f : functions) {
        String cls = loaded.app().functions().get(f).handlerClass();
        if (cls != null && in.getResource(cls.replace('.', '/') + ".class") == null) {
          Files.deleteIfExists(jar);
          throw new JointflowException("handler class '" + cls + "' of function '" + f + "' would not be in the jar;"
              + " name the jar that holds it with --jar or in the definition's jars");
        }
      }
    }
  }

  /** The functions placed on {@code cloud} (primary or failover); every function of an unplaced app. */
  static List<String> functionsOn(LoadedApp app, String cloud) {
    Placement p = Placement.of(app.app());
    if (p.isEmbedded()) {
      return List.copyOf(app.app().functions().keySet());
    }
    List<String> out = new ArrayList<>();
    p.functions().forEach((f, cs) -> {
      if (cs.contains(cloud)) {
        out.add(f);
      }
    });
    return out;
  }

  /** The definition without its {@code jars}, which are merged into the jar. */
  private static byte[] withoutJars(Path app) throws IOException {
    boolean json = app.toString().endsWith(".json");
    ObjectMapper m = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    ObjectNode tree = (ObjectNode) m.readTree(app.toFile());
    tree.remove("jars");
    return new ObjectMapper(new YAMLFactory()).writeValueAsBytes(tree);
  }
}
