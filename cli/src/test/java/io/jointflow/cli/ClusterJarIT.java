package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.cluster.ClusterState;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose handlers exist only in a jar given with {@code cluster up --jar}: both worker
 * processes and the gateway load them from it, and a run placed across the two clouds completes.
 */
class ClusterJarIT {
  @TempDir Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  /** Compiles two handlers against the API alone and puts them in a jar (and nowhere else). */
  private Path handlersJar() throws Exception {
    return TestFunctions.compiledJar(dir, java.util.Map.of("org.acme.Shout", """
        package org.acme;
        import io.jointflow.function.Call;
        import io.jointflow.function.Handler;
        public class Shout implements Handler {
          public Object handle(Call call) {
            return call.emit("loud", call.input().text().toUpperCase());
          }
        }
        """, "org.acme.Print", """
        package org.acme;
        import io.jointflow.function.Call;
        import io.jointflow.function.Handler;
        public class Print implements Handler {
          public Object handle(Call call) {
            return call.input().text() + "!";
          }
        }
        """), dir.resolve("lib").resolve("acme-handlers.jar"));
  }

  @Test
  void workersAndTheGatewayLoadTheHandlersFromTheJar() throws Exception {
    Path jar = handlersJar();
    assertThatThrownBy(() -> Class.forName("org.acme.Shout")).as("the handlers come from the jar only")
        .isInstanceOf(ClassNotFoundException.class);
    Path clouds = Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          aws:
            compute: {type: worker, url: "http://127.0.0.1:%d"}
            state: "sqlite:%s"
          ali:
            compute: {type: worker, url: "http://127.0.0.1:%d"}
            state: "sqlite:%s"
        network:
          links:
            - {between: [aws, ali], latency: 2ms}
        """.formatted(freePort(), dir.resolve("aws.db"), freePort(), dir.resolve("ali.db")));
    Path app = Files.writeString(dir.resolve("shout.yaml"), """
        app: shout
        functions:
          shout: {class: org.acme.Shout, outputs: [loud], placement: [aws]}
          print: {class: org.acme.Print, placement: [ali]}
        buckets:
          loud:
            triggers:
              - {name: next, type: immediate, target: print}
        """);
    Path clusterDir = dir.resolve("cluster");
    try {
      CliResult noJar = cli("cluster", "up", clouds.toString(), app.toString(), "--dir", clusterDir.toString());
      assertThat(noJar.code()).as("without the jar the classes are unknown: %s", noJar.out()).isEqualTo(Main.BAD_INPUT);
      assertThat(noJar.err()).contains("org.acme.Shout");
      assertThat(clusterDir.resolve(ClusterState.FILE)).doesNotExist();

      CliResult up = cli("cluster", "up", clouds.toString(), app.toString(), "--jar", jar.toString(), "--dir",
          clusterDir.toString());
      assertThat(up.code()).as(up.out() + up.err()).isZero();
      ClusterState state = ClusterState.read(clusterDir).orElseThrow();

      // This process only follows the run: it needs the definition, not the handlers.
      List<String> run = new ArrayList<>(List.of("run", app.toString(), "--cluster",
          state.gateway().toString(), "--cluster-dir", clusterDir.toString(), "--input", "in=hello", "--timeout", "5m"));
      CliResult done = cli(run.toArray(String[]::new));
      assertThat(done.code()).as(done.err()).isZero();
      assertThat(done.out().trim()).isEqualTo("HELLO!");
      assertThat(done.err()).contains("succeeded").contains("aws").contains("ali");
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
