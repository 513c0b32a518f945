package io.jointflow.lambda;

import com.sun.net.httpserver.HttpServer;
import io.jointflow.spi.Envelope;
import io.jointflow.worker.EnvelopeCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The delivery side of Node functions under serverless-offline: each function ({@link #NODE}) POSTs
 * the event it received, the envelope, to this server, which decodes it and hands it to the current
 * sink. The function answers once the sink returned, as a Lambda function does once its step ran.
 */
final class Relay implements AutoCloseable {
  /** A Node handler that forwards its event to {@code $SINK_URL} and fails if the sink does. */
  static final String NODE = """
      exports.handler = async (event) => {
        const r = await fetch(process.env.SINK_URL, {method: 'POST', headers: {'content-type': 'application/json'},
            body: JSON.stringify(event)});
        if (!r.ok) throw new Error('sink answered ' + r.status);
        return {delivered: true};
      };
      """;
  /** A Node handler that always throws. */
  static final String THROWS = "exports.handler = async (event) => { throw new Error('boom'); };";
  /** A Node handler that answers with its event. */
  static final String ECHO = "exports.handler = async (event) => ({echo: event});";

  private final HttpServer server;
  private final EnvelopeCodec codec = new EnvelopeCodec(1 << 20);
  private volatile Consumer<Envelope> sink = e -> { };

  Relay() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", x -> {
      byte[] body;
      try (InputStream in = x.getRequestBody()) {
        body = in.readAllBytes();
      }
      int status = 200;
      try {
        // Node parsed the event as JSON, so a long above 2^53 comes back rounded up past
        // Long.MAX_VALUE (the contract's envelopes have no deadline): take it back to the maximum.
        String json = new String(body, StandardCharsets.UTF_8).replace("9223372036854776000", "9223372036854775807");
        sink.accept(codec.decode(json.getBytes(StandardCharsets.UTF_8), null));
      } catch (RuntimeException e) {
        status = 500;
      }
      x.sendResponseHeaders(status, -1);
      x.close();
    });
    server.start();
  }

  /** Where the Node functions send their events: the value of their {@code SINK_URL}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Where decoded envelopes go from now on. */
  void sink(Consumer<Envelope> sink) {
    this.sink = sink;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
