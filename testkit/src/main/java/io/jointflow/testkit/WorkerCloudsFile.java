package io.jointflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The clouds file of a two-cloud test cluster: clouds {@code aws} and {@code ali}, each a worker on
 * a free loopback port with its state on a Redis server of its own and its blobs in {@code
 * dir/CLOUD-blobs}, a given latency apart.
 */
public final class WorkerCloudsFile {
  private WorkerCloudsFile() {}

  /**
   * Writes {@code dir/clouds.yaml}.
   *
   * @param latency the one-way latency between the clouds, e.g. {@code 2ms}
   * @return the file
   */
  public static Path write(Path dir, RedisServer aws, RedisServer ali, String latency) throws IOException {
    return Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          aws:
            compute: {type: worker, url: "http://127.0.0.1:%d"}
            state: %s
            blobs: filesystem:%s
          ali:
            compute: {type: worker, url: "http://127.0.0.1:%d"}
            state: %s
            blobs: filesystem:%s
        network:
          links:
            - {between: [aws, ali], latency: %s}
        """.formatted(freePort(), aws.uri(), dir.resolve("aws-blobs"), freePort(), ali.uri(), dir.resolve("ali-blobs"),
        latency));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
