package io.jointflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What serverless-offline hands the invocations of its {@code java17} functions to, in place of
 * {@code java-invoke-local --server} (whose Groovy runner does not start on JDK 21+): an HTTP server
 * on 127.0.0.1 that serverless-offline reaches at {@code http://localhost:$JAVA_OFFLINE_SERVER/invoke}.
 * Each request names the function's handler ({@code Class::method}) and carries {@code {"context",
 * "event"}} as a JSON string; the server calls {@code method(InputStream, OutputStream, Context)} of a
 * {@code RequestStreamHandler} from this process's class path with the event's JSON, as Lambda's Java
 * runtime does, and answers the handler's output in the line {@code {"__offline_payload__": ...}}
 * that serverless-offline looks for. A handler that throws is answered with Lambda's {@code
 * errorMessage}/{@code errorType} payload.
 *
 * <p>Run it as a process with the function's jar on the class path ({@link #main}) so that the
 * deployed jar, not the test's class path, is what runs.
 */
public final class JavaInvokeServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer http;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Object> handlers = new ConcurrentHashMap<>();
  private final AtomicLong invocations = new AtomicLong();

  private JavaInvokeServer(int port) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    http.createContext("/invoke", this::invoke);
    http.setExecutor(threads);
    http.start();
  }

  /** Starts a server on {@code port} of 127.0.0.1 (0 for a free one). */
  public static JavaInvokeServer start(int port) throws IOException {
    return new JavaInvokeServer(port);
  }

  /** Runs a server on the port {@code args[0]} (default 0) and prints {@code java-invoke server listening on port N}. */
  public static void main(String[] args) throws IOException {
    JavaInvokeServer s = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    System.out.println("java-invoke server listening on port " + s.port());
  }

  /** The port it listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** How many invocations it ran. */
  public long invocations() {
    return invocations.get();
  }

  private void invoke(HttpExchange x) throws IOException {
    try (x; InputStream in = x.getRequestBody()) {
      JsonNode request = JSON.readTree(in);
      String handler = request.path("handler").asText();
      JsonNode data = JSON.readTree(request.path("data").asText("{}"));
      byte[] event = JSON.writeValueAsBytes(data.path("event"));
      ObjectNode reply = JSON.createObjectNode();
      try {
        byte[] out = call(handler, event);
        invocations.incrementAndGet();
        System.out.println("java-invoke server: ran " + handler + " for " + request.path("function").asText());
        reply.set("__offline_payload__", out.length == 0 ? null : JSON.readTree(out));
      } catch (Exception e) {
        Throwable cause = e instanceof InvocationTargetException t && t.getCause() != null ? t.getCause() : e;
        System.out.println("java-invoke server: " + handler + " failed: " + cause);
        reply.putObject("__offline_payload__").put("errorMessage", String.valueOf(cause.getMessage()))
            .put("errorType", cause.getClass().getName());
      }
      byte[] body = (JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "text/plain");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
    }
  }

  private byte[] call(String handler, byte[] event) throws Exception {
    int sep = handler.indexOf("::");
    String cls = sep < 0 ? handler : handler.substring(0, sep);
    String method = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
    Object target = handlers.computeIfAbsent(cls, c -> {
      try {
        return Class.forName(c).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("handler class '" + c + "' cannot be created: " + e, e);
      }
    });
    Method m = null;
    for (Method candidate : target.getClass().getMethods()) {
      if (candidate.getName().equals(method) && candidate.getParameterCount() == 3
          && candidate.getParameterTypes()[0] == InputStream.class && candidate.getParameterTypes()[1] == OutputStream.class) {
        m = candidate;
      }
    }
    if (m == null) {
      throw new IllegalStateException("handler '" + handler + "' has no method " + method
          + "(InputStream, OutputStream, Context): only stream handlers are run here");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.invoke(target, new ByteArrayInputStream(event), out, null);
    return out.toByteArray();
  }

  @Override
  public void close() {
    http.stop(0);
    threads.close();
  }
}
