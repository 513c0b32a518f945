package io.jointflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.definition.LoadedApp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code jointflow package} prints for an aliyun-fc cloud: per function, the body of FC 3.0's
 * CreateFunction for a custom runtime whose code is the packaged jar (FC unpacks it into {@code
 * /code}) and whose command starts {@link PackageCommand#FC_RUNTIME} on port 9000.
 */
final class FcDeploy {
  /** FC 3.0's longest function timeout, in seconds. */
  static final long MAX_TIMEOUT = 86_400;
  /** Where the printed command expects a Java 21 runtime (from a layer the user provides). */
  static final String JAVA = "/opt/java21/bin/java";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FcDeploy() {}

  static void print(PrintWriter out, LoadedApp loaded, CloudSpec target, List<String> functions, Path jar) {
    String region = target.compute().options().get("region");
    String prefix = target.compute().options().getOrDefault("function-prefix", "");
    out.println("deploy: upload " + jar.getFileName() + " to an OSS bucket (BUCKET) in " + region + ", then create each"
        + " function (ROLE: a RAM role that may invoke these functions and reach the cloud's stores; LAYER: a layer"
        + " with a Java 21 runtime at " + JAVA.substring(0, JAVA.indexOf("/bin")) + ", as FC's built-in Java runtimes"
        + " are older):");
    for (String f : functions) {
      ObjectNode body = JSON.createObjectNode();
      body.put("functionName", prefix + f);
      body.put("runtime", "custom.debian10");
      body.put("handler", "index.handler");
      body.put("memorySize", fcMemory(PackageCommand.memoryMb(loaded, target, f)));
      body.put("timeout", PackageCommand.timeoutSeconds(loaded, f, MAX_TIMEOUT));
      body.put("role", "acs:ram::ACCOUNT:role/ROLE");
      body.putArray("layers").add("LAYER");
      body.putObject("code").put("ossBucketName", "BUCKET").put("ossObjectName", jar.getFileName().toString());
      ObjectNode runtime = body.putObject("customRuntimeConfig");
      runtime.putArray("command").add(JAVA);
      runtime.putArray("args").add("-cp").add("/code").add(PackageCommand.FC_RUNTIME);
      runtime.put("port", 9000);
      out.printf("  aliyun fc POST /2023-03-30/functions --region %s --header \"Content-Type=application/json\" --body '%s'%n",
          region, body);
    }
  }

  /** FC sizes memory in multiples of 64 MB, from 128 MB. */
  static long fcMemory(long mb) {
    return Math.max(128, (mb + 63) / 64 * 64);
  }
}
