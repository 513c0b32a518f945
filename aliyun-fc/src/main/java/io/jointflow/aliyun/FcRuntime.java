package io.jointflow.aliyun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jointflow.worker.FaasConfig;
import io.jointflow.worker.FaasHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The Function Compute entry point of a Jointflow function: a custom runtime, that is an HTTP server
 * in the function's instance that FC sends each event to ({@code POST /invoke}, the event as the
 * body; {@code POST /initialize} once if an initializer is configured). Started by {@code java -cp
 * FUNCTION.jar io.jointflow.aliyun.FcRuntime}, listening on {@code FC_SERVER_PORT} (FC's default
 * 9000). Each event is an envelope sent by another Jointflow host: it runs the step (output
 * checkpoint, the user's handler, triggers, the successors' asynchronous invocations through
 * {@link FcBackend}) and answers only once the step is committed: 200 with {@code x-fc-status: 200},
 * or 404 with {@code x-fc-status: 404} and the error if the step failed, which FC records as a
 * failed invocation and retries as it retries async invocations. It prints FC's {@code FC Invoke
 * Start RequestId: ...} and {@code FC Invoke End RequestId: ...} lines.
 *
 * <p>Configuration as for Lambda ({@link FaasConfig}: the jar {@code jointflow package} built, or
 * {@code JOINTFLOW_CLOUDS}, {@code JOINTFLOW_APP}, {@code JOINTFLOW_CLOUD}); credentials from the
 * variables FC sets from the function's role ({@code ALIBABA_CLOUD_ACCESS_KEY_ID}, ...). The host is
 * built on the first event (or {@code /initialize}) and reused by the instance's later events.
 */
public final class FcRuntime implements AutoCloseable {
  /** FC's largest synchronous payload; an event is never larger. */
  static final long MAX_EVENT = 32L * 1024 * 1024;
  /** FC's default port of a custom runtime. */
  public static final int DEFAULT_PORT = 9000;
  private static final String REQUEST_ID = "x-fc-request-id";

  private final UnaryOperator<String> variables;
  private final ClassLoader loader;
  private final PrintStream log;
  private final HttpServer http;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Object lock = new Object();
  /** Guarded by {@link #lock}; null until the first event, and again after a failed start. */
  private FaasHost host;

  private FcRuntime(InetSocketAddress address, UnaryOperator<String> variables, ClassLoader loader, PrintStream log)
      throws IOException {
    this.variables = Objects.requireNonNull(variables, "variables");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.log = Objects.requireNonNull(log, "log");
    http = io.jointflow.worker.HttpServers.create(address, 0);
    http.createContext("/", this::serve);
    http.setExecutor(threads);
    http.start();
  }

  /**
   * Starts the runtime on {@code address}; the host opens on the first event.
   *
   * @param variables reads environment variables (configuration and credentials)
   * @param loader loads the configuration and the app's handler classes
   * @param log where FC's invoke start and end lines go (standard output on FC)
   * @throws IOException if the address cannot be bound
   */
  public static FcRuntime start(InetSocketAddress address, UnaryOperator<String> variables, ClassLoader loader,
      PrintStream log) throws IOException {
    return new FcRuntime(address, variables, loader, log);
  }

  /** Runs the runtime on {@code FC_SERVER_PORT} (default 9000) until the process ends. */
  public static void main(String[] args) throws IOException {
    String port = System.getenv("FC_SERVER_PORT");
    int p = port == null || port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.strip());
    FcRuntime runtime = start(new InetSocketAddress(p), System::getenv, FcRuntime.class.getClassLoader(), System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "jointflow-fc-stop"));
    System.out.println("jointflow: FC custom runtime listening on port " + runtime.port());
  }

  /** The port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  private void serve(HttpExchange x) throws IOException {
    try (x; InputStream in = x.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String path = x.getRequestURI().getPath();
      if (!"POST".equals(x.getRequestMethod()) || !(path.equals("/invoke") || path.equals("/initialize"))) {
        reply(x, 404, "jointflow FC runtime serves POST /invoke and POST /initialize, not " + x.getRequestMethod() + " "
            + path);
        return;
      }
      String id = x.getRequestHeaders().getFirst(REQUEST_ID);
      log.println("FC " + (path.equals("/invoke") ? "Invoke" : "Initialize") + " Start RequestId: " + id);
      try {
        FaasHost h = host();
        byte[] out = path.equals("/invoke") ? h.handle(body) : "{\"status\":\"initialized\"}".getBytes(StandardCharsets.UTF_8);
        reply(x, 200, out);
      } catch (RuntimeException e) {
        log.println("jointflow: request " + id + " failed: " + e);
        reply(x, 404, String.valueOf(e.getMessage()));
      } finally {
        log.println("FC " + (path.equals("/invoke") ? "Invoke" : "Initialize") + " End RequestId: " + id);
      }
    }
  }

  private static void reply(HttpExchange x, int status, String message) throws IOException {
    reply(x, status, ("{\"status\":\"error\",\"detail\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(message)
        + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
    x.getResponseHeaders().set("x-fc-status", String.valueOf(status));
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, body.length);
    x.getResponseBody().write(body);
  }

  private FaasHost host() {
    synchronized (lock) {
      if (host == null) {
        host = FaasHost.open(FaasConfig.load(variables, loader), new FcBackendProvider(), MAX_EVENT, variables, loader);
      }
      return host;
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.close();
    synchronized (lock) {
      if (host != null) {
        host.close();
        host = null;
      }
    }
  }
}
