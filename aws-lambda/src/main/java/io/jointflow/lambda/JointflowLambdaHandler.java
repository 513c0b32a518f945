package io.jointflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.jointflow.worker.FaasConfig;
import io.jointflow.worker.FaasHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The AWS Lambda entry point of a Jointflow function ({@code
 * io.jointflow.lambda.JointflowLambdaHandler::handleRequest}, runtime {@code java21}): each event is
 * an envelope sent by another Jointflow host; the handler runs the step it names (output
 * checkpoint, the user's handler, triggers, the successors' asynchronous invocations) and returns
 * only once the step is committed. The configuration comes from the jar that {@code jointflow
 * package} built, or from the files named by {@code JOINTFLOW_CLOUDS}, {@code JOINTFLOW_APP} and
 * {@code JOINTFLOW_CLOUD}; credentials come from the function's role.
 *
 * <p>The host is built on the first event and reused by the warm invocations of the same instance:
 * the one static of the project, as Lambda reuses the JVM and not the handler object alone.
 */
public final class JointflowLambdaHandler implements RequestStreamHandler {
  /** Lambda's largest synchronous request; an event is never larger. */
  private static final long MAX_EVENT = 6 * 1024 * 1024;
  private static final Object LOCK = new Object();
  /** Guarded by {@link #LOCK}; null until the first event, and again after a failed start. */
  private static FaasHost host;

  private final UnaryOperator<String> variables;

  /** The handler Lambda creates: configuration and credentials from the process environment. */
  public JointflowLambdaHandler() {
    this(System::getenv);
  }

  /** A handler that reads its environment variables through {@code variables} (other runtimes, tests). */
  public JointflowLambdaHandler(UnaryOperator<String> variables) {
    this.variables = Objects.requireNonNull(variables, "variables");
  }

  /**
   * Runs one event and writes a small JSON report.
   *
   * @throws io.jointflow.function.JointflowException if the host cannot start (bad configuration,
   *     a store that cannot open); the message says what to fix, and the next event tries again
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] event = input.readAllBytes();
    output.write(host().handle(event));
  }

  private FaasHost host() {
    synchronized (LOCK) {
      if (host == null) {
        ClassLoader loader = JointflowLambdaHandler.class.getClassLoader();
        host = FaasHost.open(FaasConfig.load(variables, loader), new LambdaBackendProvider(), MAX_EVENT, variables,
            loader);
      }
      return host;
    }
  }
}
