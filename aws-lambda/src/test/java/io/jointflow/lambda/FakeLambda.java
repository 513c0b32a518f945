package io.jointflow.lambda;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A Lambda Invoke endpoint that queues each invocation and answers a fixed status with
 * {@code x-amzn-ErrorType}: 202 accepts, like Lambda's asynchronous Invoke; others play its errors.
 */
final class FakeLambda implements AutoCloseable {
  /** One Invoke: the Lambda function's name and the payload. */
  record Invoke(String function, String invocationType, byte[] payload) {}

  final BlockingQueue<Invoke> invokes = new LinkedBlockingQueue<>();
  private final HttpServer server;
  private volatile int status = 202;
  private volatile String errorType = "";

  FakeLambda() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext("/2015-03-31/functions/", x -> {
      String path = x.getRequestURI().getPath();
      String fn = path.substring("/2015-03-31/functions/".length(), path.lastIndexOf("/invocations"));
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      invokes.add(new Invoke(fn, x.getRequestHeaders().getFirst("X-Amz-Invocation-Type"), body));
      byte[] reply = status == 202 ? new byte[0]
          : ("{\"Type\":\"User\",\"message\":\"" + errorType + " from the fake\"}").getBytes();
      if (!errorType.isEmpty()) {
        x.getResponseHeaders().add("x-amzn-ErrorType", errorType);
      }
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
      if (reply.length > 0) {
        x.getResponseBody().write(reply);
      }
      x.close();
    });
    server.start();
  }

  /** Answers every following Invoke with {@code status} and error type {@code errorType}. */
  void answer(int status, String errorType) {
    this.status = status;
    this.errorType = errorType;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
