package io.jointflow.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.core.Jointflow;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.Envelope;
import io.jointflow.worker.EnvelopeCodec;
import io.jointflow.worker.WorkerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The Jointflow host inside one Lambda instance: its own cloud's functions are other Lambda
 * functions (successors are invoked through {@link LambdaBackend}, never run in this instance),
 * every other cloud is reached through its adapter, and each event is one envelope, run to its
 * end by {@link Jointflow#execute} before the invocation returns. Thread safe; reused across the
 * warm invocations of its instance.
 */
final class LambdaHost implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LambdaHost.class.getName());
  /** Lambda's largest synchronous request; an event is never larger. */
  private static final long MAX_EVENT = 6 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jointflow jointflow;
  private final SystemEnvironment env;
  private final EnvelopeCodec codec = new EnvelopeCodec(MAX_EVENT);

  private LambdaHost(Jointflow jointflow, SystemEnvironment env) {
    this.jointflow = jointflow;
    this.env = env;
  }

  /**
   * Opens the host of {@code config}'s cloud, reading credentials through {@code variables}.
   *
   * @throws JointflowException if the cloud is not an aws-lambda cloud or a store or backend cannot open
   */
  static LambdaHost open(LambdaConfig config, UnaryOperator<String> variables, ClassLoader loader) {
    CloudSpec own = config.clouds().cloud(config.cloud());
    if (own.compute().type() != ComputeType.AWS_LAMBDA) {
      throw new JointflowException("cloud '" + own.name() + "' has compute type '" + own.compute().type().configName()
          + "', but this function runs on AWS Lambda: package it for an aws-lambda cloud");
    }
    SystemEnvironment env = SystemEnvironment.create();
    LambdaBackendProvider lambda = new LambdaBackendProvider();
    boolean workers = config.clouds().clouds().values().stream().anyMatch(c -> c.compute().type() == ComputeType.WORKER);
    Function<CloudSpec, ComputeBackend> toWorkers = workers
        ? WorkerClient.backends(config.clouds(), WorkerClient.key(config.clouds()), env) : c -> null;
    try {
      Jointflow jf = Jointflow.builder()
          .clouds(config.clouds(), own.name(), c -> c.compute().type() == ComputeType.AWS_LAMBDA
              ? lambda.open(c, env, variables) : toWorkers.apply(c))
          .environment(env)
          .classLoader(loader)
          .build();
      jf.deploy(config.app().app(), loader, config.app().source());
      return new LambdaHost(jf, env);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  /**
   * Handles one event: an envelope is run to its end; {@code {"jointflow": "sweep"}} (for a
   * schedule) re-invokes lost invocations. Answers a small JSON report; a malformed event is
   * answered with an error, not thrown, so that Lambda does not retry it.
   */
  byte[] handle(byte[] event) {
    try {
      JsonNode tree = JSON.readTree(event);
      if (tree != null && tree.has("jointflow")) {
        if (!"sweep".equals(tree.get("jointflow").asText())) {
          return reply("error", "unknown command '" + tree.get("jointflow").asText() + "' (valid: sweep)");
        }
        jointflow.sweep();
        return reply("swept", jointflow.cloud());
      }
    } catch (IOException e) {
      return reply("error", "event is not JSON");
    }
    Envelope e;
    try {
      e = codec.decode(event, null);
    } catch (JointflowException x) {
      LOG.log(System.Logger.Level.WARNING, "event dropped: {0}", x.getMessage());
      return reply("error", x.getMessage());
    }
    jointflow.execute(e);
    return reply("done", e.function() + " " + e.instanceId());
  }

  /** The host (for tests). */
  Jointflow jointflow() {
    return jointflow;
  }

  private static byte[] reply(String status, String detail) {
    return JSON.createObjectNode().put("status", status).put("detail", detail).toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    jointflow.close();
    env.close();
  }
}
