package io.jointflow.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The part of {@code putIfAbsent} that s3rver cannot show: Amazon S3 answers a conditional put of an
 * existing key with 412 PreconditionFailed (the loser of a race, whose HEAD still saw no object).
 * Here a socket answers as S3 does, with S3's error document.
 */
class S3BlobStoreConditionalTest {
  private HttpServer http;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " if-none-match="
            + ex.getRequestHeaders().getFirst("If-None-Match"));
        if (ex.getRequestMethod().equals("HEAD")) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
            + "<Message>At least one of the pre-conditions you specified did not hold</Message>"
            + "<Condition>If-None-Match</Condition><RequestId>R1</RequestId><HostId>H1</HostId></Error>")
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        ex.sendResponseHeaders(412, body.length);
        ex.getResponseBody().write(body);
      }
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  @Test
  void aConditionalPutRefusedWith412MeansAnotherWriterWon() {
    S3Location at = S3Location.parse("s3://bucket/pre?region=us-east-1&endpoint=http://127.0.0.1:"
        + http.getAddress().getPort());
    try (S3BlobStore store = S3BlobStore.open(at,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))) {
      assertThat(store.putIfAbsent("run/obj", ByteBuffer.wrap(new byte[] {1, 2}))).isFalse();
    }
    assertThat(requests).containsExactly("HEAD /bucket/pre/run/obj if-none-match=null",
        "PUT /bucket/pre/run/obj if-none-match=*");
  }
}
