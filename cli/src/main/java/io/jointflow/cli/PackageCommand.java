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
 * aws-lambda or aliyun-fc cloud's functions (docs/lambda.md, docs/function-compute.md).
 */
@Command(name = "package", description = {"Build the deployable jar of an app's functions on one aws-lambda or aliyun-fc cloud:",
    "the Jointflow runtime and adapters, the handler classes (the definition's jars and --jar) and the clouds",
    "file, the app and the cloud's name as its configuration. Prints one deploy command per function.",
    "Credentials are never packaged: the functions use their execution role.",
    "On aliyun-fc the jar is the code of a custom runtime (io.jointflow.aliyun.FcRuntime) that needs Java 21.",
    "Exit codes: 0 written, 2 bad input (nothing written)."})
final class PackageCommand implements Callable<Integer> {
  /** The entry point every packaged Lambda function names. */
  static final String HANDLER = "io.jointflow.lambda.JointflowLambdaHandler::handleRequest";
  /** The main class of the custom runtime every packaged FC function runs. */
  static final String FC_RUNTIME = "io.jointflow.aliyun.FcRuntime";

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--cloud", required = true, paramLabel = "NAME", description = "The aws-lambda or aliyun-fc cloud to package for.")
  String cloud;

  @Option(names = "--clouds", required = true, paramLabel = "CLOUDS.yaml", description = "The clouds file (docs/clouds-format.md).")
  Path clouds;

  @Parameters(index = "0", paramLabel = "APP.yaml", description = "The app definition.")
  Path app;

  @Option(names = "--jar", paramLabel = "JAR", description = "A jar with handler classes, besides the definition's jars. Repeatable.")
  List<Path> jars = List.of();

  @Option(names = {"-o", "--output"}, paramLabel = "JAR", description = "Where to write it (default APP-CLOUD-lambda.jar, or APP-CLOUD-fc.jar).")
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
    ComputeType type = target.compute().type();
    if (type != ComputeType.AWS_LAMBDA && type != ComputeType.ALIYUN_FC) {
      throw new JointflowException("cloud '" + cloud + "' has compute type '" + type.configName()
          + "'; jointflow package builds jars for aws-lambda and aliyun-fc clouds");
    }
    LoadedApp loaded = AppDefinitions.load(app, HandlerJars.loader(jars), c);
    List<String> functions = functionsOn(loaded, cloud);
    if (functions.isEmpty()) {
      throw new JointflowException("app '" + loaded.app().name() + "' places no function on cloud '" + cloud + "'");
    }
    Path jar = output != null ? output
        : Path.of(loaded.app().name() + "-" + cloud + (type == ComputeType.AWS_LAMBDA ? "-lambda.jar" : "-fc.jar"));
    FunctionJar fat = new FunctionJar()
        .file("jointflow/clouds.yaml", Files.readAllBytes(clouds))
        .file("jointflow/app.yaml", withoutJars(app))
        .file("jointflow/cloud", cloud.getBytes(StandardCharsets.UTF_8));
    List<Path> parts = new ArrayList<>(FunctionJar.runtimeClassPath());
    parts.addAll(loaded.jars());
    parts.addAll(jars);
    parts.forEach(fat::add);
    fat.write(jar);
    missingHandlers(loaded, functions, jar);
    out.printf("wrote %s (%d KB): functions %s of app '%s' for cloud '%s'%n", jar, Files.size(jar) / 1024,
        functions, loaded.app().name(), cloud);
    String region = target.compute().options().get("region");
    String prefix = target.compute().options().getOrDefault("function-prefix", "");
    if (type == ComputeType.ALIYUN_FC) {
      FcDeploy.print(out, loaded, target, functions, jar);
      return 0;
    }
    out.println("deploy each function (ROLE: an execution role that may invoke these functions and reach the"
        + " cloud's stores):");
    for (String f : functions) {
      out.printf("  aws lambda create-function --region %s --function-name %s%s --runtime java21 --handler %s"
          + " --memory-size %d --timeout %d --zip-file fileb://%s --role arn:aws:iam::ACCOUNT:role/ROLE%n",
          region, prefix, f, HANDLER, memoryMb(loaded, target, f), timeoutSeconds(loaded, f, 900), jar.toAbsolutePath());
    }
    return 0;
  }

  /** The function's memory in MB: its profile's on the cloud, or else the cloud's limit. */
  static long memoryMb(LoadedApp loaded, CloudSpec target, String function) {
    FunctionSpec fs = loaded.app().functions().get(function);
    Profile p = fs.profile() != null ? target.profiles().get(fs.profile()) : null;
    return (p != null ? p.memory() : target.limits().memory()) / (1024 * 1024);
  }

  /** The function's timeout in whole seconds, within 1 and {@code max}. */
  static long timeoutSeconds(LoadedApp loaded, String function, long max) {
    return Math.min(max, Math.max(1, loaded.app().functions().get(function).timeout().toSeconds()));
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
