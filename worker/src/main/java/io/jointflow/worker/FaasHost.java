package io.jointflow.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.core.Jointflow;
import io.jointflow.core.SystemEnvironment;
import io.jointflow.function.JointflowException;
import io.jointflow.spi.ComputeBackend;
import io.jointflow.spi.ComputeBackendProvider;
import io.jointflow.spi.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The Jointflow host inside one instance of a FaaS function (an AWS Lambda function, a Function
 * Compute function): its own cloud's functions are other functions of that FaaS (successors are
 * invoked through the FaaS adapter, never run in this instance), every other cloud is reached
 * through its adapter, and each event is one envelope, run to its end by {@link Jointflow#execute}
 * before the invocation returns. Thread safe; reused across the warm invocations of its instance.
 */
public final class FaasHost implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FaasHost.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jointflow jointflow;
  private final SystemEnvironment env;
  private final EnvelopeCodec codec;

  private FaasHost(Jointflow jointflow, SystemEnvironment env, long maxEvent) {
    this.jointflow = jointflow;
    this.env = env;
    this.codec = new EnvelopeCodec(maxEvent);
  }

  /**
   * Opens the host of {@code config}'s cloud, whose compute type must be {@code faas}'s.
   *
   * @param config the clouds, the app and this function's cloud
   * @param faas the adapter of this FaaS (it invokes the successors on this cloud)
   * @param maxEvent the largest event the FaaS delivers, in bytes
   * @param variables reads environment variables (credentials)
   * @param loader loads the app's handler classes
   * @throws JointflowException if the cloud is not of {@code faas}'s type or a store or backend cannot open
   */
  public static FaasHost open(FaasConfig config, ComputeBackendProvider faas, long maxEvent,
      UnaryOperator<String> variables, ClassLoader loader) {
    CloudSpec own = config.clouds().cloud(config.cloud());
    if (!own.compute().type().configName().equals(faas.type())) {
      throw new JointflowException("cloud '" + own.name() + "' has compute type '" + own.compute().type().configName()
          + "', but this function runs on " + faas.type() + ": package it for a " + faas.type() + " cloud");
    }
    SystemEnvironment env = SystemEnvironment.create();
    boolean workers = config.clouds().clouds().values().stream().anyMatch(c -> c.compute().type() == ComputeType.WORKER);
    Function<CloudSpec, ComputeBackend> toWorkers = workers
        ? WorkerClient.backends(config.clouds(), WorkerClient.key(config.clouds()), env) : c -> null;
    try {
      Jointflow jf = Jointflow.builder()
          .clouds(config.clouds(), own.name(), c -> c.compute().type().configName().equals(faas.type())
              ? faas.open(c, env, variables) : toWorkers.apply(c))
          .environment(env)
          .classLoader(loader)
          .build();
      jf.deploy(config.app().app(), loader, config.app().source());
      return new FaasHost(jf, env, maxEvent);
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  /**
   * Handles one event: an envelope is run to its end; {@code {"jointflow": "sweep"}} (for a
   * schedule) re-invokes lost invocations. Answers a small JSON report; a malformed event is
   * answered with an error, not thrown, so that the FaaS does not retry it.
   */
  public byte[] handle(byte[] event) {
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
  public Jointflow jointflow() {
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
