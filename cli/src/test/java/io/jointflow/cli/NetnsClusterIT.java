package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointflow.cluster.ClusterState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster up --netns} end to end, with real namespaces (so as root, with iproute2; without
 * them it fails saying so): each worker process runs in a network namespace of its own and listens
 * on its address there only, the fan-out example placed across two clouds gives the embedded run's
 * report through the gateway, and {@code down} removes the namespaces, veths and bridge; so do a
 * failed {@code up} and a {@code down} after every process was killed.
 */
class NetnsClusterIT {
  private static final Pattern BRIDGE = Pattern.compile("network: bridge (jf[0-9a-f]{6}) ");
  private static final Pattern NAMESPACE = Pattern.compile("\\b(jf-[0-9a-f]{6}-\\w+)\\b");

  @TempDir Path dir;

  private static CliResult cli(String... args) {
    return CliResult.of(args);
  }

  @BeforeAll
  static void rootWithIproute2() throws IOException {
    String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst()
        .orElse("Uid: ? ?").substring(4).strip().split("\\s+")[1];
    assertThat(uid).as("NetnsClusterIT makes network namespaces: run it as root (effective uid is %s)", uid).isEqualTo("0");
    assertThat(ip("-V").code()).as("NetnsClusterIT needs the 'ip' command: apt-get install -y iproute2").isZero();
  }

  @Test
  void eachWorkerRunsInANamespaceOfItsOwnAndDownRemovesThem() throws Exception {
    Path data = Path.of("../examples/data/us-births-1969-1988.csv").toAbsolutePath();
    Path app = Path.of("../examples/clouds/fanout-two-clouds.yaml").toAbsolutePath().normalize();
    Path clusterDir = dir.resolve("cluster");
    Path clouds = cloudsFile("sqlite:aws.db", "sqlite:ali.db"); // relative: to the clouds file's directory
    String written = Files.readString(clouds);
    CliResult embedded = cli("run", "../examples/fanout.yaml", "--state", "memory", "-q", "--input", "chunks=4",
        "--input", "data=@" + data);
    assertThat(embedded.code()).as(embedded.err()).isZero();
    try {
      CliResult up = cli("cluster", "up", "--netns", clouds.toString(), app.toString(), "--dir", clusterDir.toString());
      assertThat(up.code()).as(up.out() + up.err()).isZero();
      assertThat(up.out()).contains("cluster is up").containsPattern("delays stay emulated in each worker process");
      Matcher bridge = BRIDGE.matcher(up.out());
      assertThat(bridge.find()).as(up.out()).isTrue();
      ClusterState state = ClusterState.read(clusterDir).orElseThrow();
      List<ClusterState.Member> workers = state.members().stream().filter(m -> m.role().equals("worker")).toList();
      ClusterState.Member gateway = state.members().stream().filter(m -> m.role().equals("gateway")).findFirst().orElseThrow();
      assertThat(workers).hasSize(2).allMatch(m -> m.process().isPresent());
      assertThat(gateway.netns()).isEmpty();
      assertThat(gateway.url().getHost()).isEqualTo("127.0.0.1");

      List<String> namespaces = new ArrayList<>();
      List<String> netOf = new ArrayList<>(List.of(netNamespace(ProcessHandle.current().pid()), netNamespace(gateway.pid())));
      assertThat(netOf.get(1)).as("the gateway runs in the root namespace").isEqualTo(netOf.get(0));
      for (ClusterState.Member w : workers) {
        assertThat(w.netns()).startsWith("jf-").endsWith("-" + w.cloud());
        namespaces.add(w.netns());
        assertThat(ip("netns", "identify", Long.toString(w.pid())).out().strip()).isEqualTo(w.netns());
        String net = netNamespace(w.pid());
        assertThat(netOf).as("worker %s's network namespace is its own", w.cloud()).doesNotContain(net);
        netOf.add(net);
        // It listens on its namespace's address only; this (root) namespace has nothing on its port.
        InetAddress address = InetAddress.getByName(w.url().getHost());
        assertThat(w.url().getHost()).startsWith("10.213.");
        assertThat(listeners(w.pid(), w.url().getPort())).as("worker %s's listening sockets", w.cloud()).containsExactly(address);
        assertThat(listeners(ProcessHandle.current().pid(), w.url().getPort())).as("root namespace on port %d", w.url().getPort())
            .isEmpty();
      }

      // The processes read a copy of the clouds file: urls on the namespaces, store paths absolute.
      Path copy = clusterDir.resolve("clouds-netns.yaml");
      assertThat(Files.readString(copy)).contains(workers.get(0).url().toString(), workers.get(1).url().toString())
          .contains("sqlite:" + dir.resolve("aws.db"));
      assertThat(Files.readString(clouds)).isEqualTo(written);

      CliResult status = cli("cluster", "status", "--dir", clusterDir.toString());
      assertThat(status.code()).as(status.out()).isZero();
      assertThat(status.out()).contains("NETNS").contains(namespaces).contains(workers.get(0).url().getHost());
      assertThat(status.out().lines().filter(l -> l.endsWith(" UP"))).hasSize(3);

      CliResult run = cli("run", app.toString(), "--cluster", state.gateway().toString(), "--cluster-dir", clusterDir.toString(),
          "--input", "chunks=4", "--input", "data=@" + data, "--timeout", "5m");
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo(embedded.out());
      assertThat(run.err()).contains("succeeded").contains("aws").contains("ali");

      CliResult down = cli("cluster", "down", "--dir", clusterDir.toString());
      assertThat(down.code()).as(down.err()).isZero();
      assertThat(down.out()).contains("3 process(es) stopped").contains("removed network namespaces");
      assertGone(bridge.group(1), namespaces);
      assertThat(clusterDir.resolve("netns.json")).doesNotExist();
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
    }
  }

  @Test
  void aFailedUpAndADownAfterACrashLeaveNoNamespace() throws Exception {
    Path app = Path.of("../examples/clouds/fanout-two-clouds.yaml").toAbsolutePath().normalize();
    Path clusterDir = dir.resolve("cluster");
    // A store on loopback: refused before anything is made.
    CliResult loopback = cli("cluster", "up", "--netns", cloudsFile("redis://127.0.0.1:6379", "sqlite:ali.db").toString(),
        app.toString(), "--dir", clusterDir.toString());
    assertThat(loopback.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(loopback.err()).contains("state redis://127.0.0.1:6379 of cloud 'aws' is on loopback").contains("sqlite:");
    assertThat(clusterDir.resolve("netns.json")).doesNotExist();

    // A worker that cannot open its store (its directory would be under a file): the namespaces made
    // for the cluster are removed with its processes.
    Files.writeString(dir.resolve("a-file"), "");
    CliResult failed = cli("cluster", "up", "--netns", cloudsFile("sqlite:a-file/aws.db", "sqlite:ali.db").toString(),
        app.toString(), "--dir", clusterDir.toString());
    assertThat(failed.code()).as(failed.out()).isNotZero();
    assertThat(failed.err()).contains("before it was ready");
    Matcher bridge = BRIDGE.matcher(failed.out());
    assertThat(bridge.find()).as(failed.out()).isTrue();
    assertThat(failed.out()).contains("removed network namespaces");
    assertGone(bridge.group(1), namespaces(failed.out()));
    assertThat(clusterDir.resolve("netns.json")).doesNotExist();

    // Every process killed and the cluster file lost, as after a crash: down still finds the network.
    try {
      CliResult up = cli("cluster", "up", "--netns", cloudsFile("sqlite:aws.db", "sqlite:ali.db").toString(), app.toString(),
          "--dir", clusterDir.toString());
      assertThat(up.code()).as(up.out() + up.err()).isZero();
      bridge = BRIDGE.matcher(up.out());
      assertThat(bridge.find()).as(up.out()).isTrue();
      for (ClusterState.Member m : ClusterState.read(clusterDir).orElseThrow().members()) {
        ProcessHandle p = m.process().orElseThrow();
        p.destroyForcibly();
        p.onExit().get(5, TimeUnit.MINUTES);
      }
      Files.delete(clusterDir.resolve(ClusterState.FILE));
      CliResult down = cli("cluster", "down", "--dir", clusterDir.toString());
      assertThat(down.code()).as(down.err()).isZero();
      assertThat(down.out()).contains("removed network namespaces");
      assertGone(bridge.group(1), namespaces(up.out()));
      CliResult again = cli("cluster", "down", "--dir", clusterDir.toString());
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).doesNotContain("removed");
    } finally {
      cli("cluster", "down", "--dir", clusterDir.toString());
    }
  }

  /** Two worker clouds, aws and ali, on free ports of 127.0.0.1 (moved by --netns), 5 ms apart. */
  private Path cloudsFile(String awsState, String aliState) throws IOException {
    return Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          aws:
            compute: {type: worker, url: "http://127.0.0.1:%d"}
            state: "%s"
            blobs: filesystem:aws-blobs
          ali:
            compute: {type: worker, url: "http://127.0.0.1:%d"}
            state: "%s"
            blobs: filesystem:ali-blobs
        network:
          links:
            - {between: [aws, ali], latency: 5ms}
        """.formatted(freePort(), awsState, freePort(), aliState));
  }

  private static List<String> namespaces(String upOutput) {
    List<String> names = new ArrayList<>();
    Matcher m = NAMESPACE.matcher(upOutput.lines().filter(l -> l.contains("network: bridge")).findFirst().orElseThrow());
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).as(upOutput).hasSize(2);
    return names;
  }

  private static void assertGone(String bridge, List<String> namespaces) {
    String list = ip("netns", "list").out();
    for (String ns : namespaces) {
      assertThat(list).as("ip netns list").doesNotContain(ns);
    }
    CliResult links = ip("-br", "link");
    assertThat(links.code()).isZero();
    assertThat(links.out()).as("ip link").doesNotContain(bridge);
  }

  /** {@code /proc/PID/ns/net}'s target, e.g. {@code net:[4026531840]}: equal for processes of one namespace. */
  private static String netNamespace(long pid) throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString();
  }

  /** The local addresses with a TCP socket listening on {@code port} in the network namespace of {@code pid}. */
  private static List<InetAddress> listeners(long pid, int port) throws IOException {
    List<InetAddress> found = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path f = Path.of("/proc/" + pid + "/net/" + table);
      if (!Files.exists(f)) {
        continue;
      }
      // read once: the table changes while sockets open and close (it was read twice, and a
      // socket opened between the reads under stress-test load ran the sublist past the end)
      List<String> lines = Files.readAllLines(f);
      for (String line : lines.subList(1, lines.size())) {
        String[] cols = line.strip().split("\\s+");
        String[] local = cols[1].split(":");
        if (cols[3].equals("0A") && Integer.parseInt(local[1], 16) == port) { // 0A: LISTEN
          // the address as 32-bit words in host (little-endian) order
          byte[] words = HexFormat.of().parseHex(local[0]);
          byte[] address = new byte[words.length];
          for (int i = 0; i < words.length; i++) {
            address[i] = words[(i / 4) * 4 + 3 - i % 4];
          }
          found.add(InetAddress.getByAddress(address)); // an IPv4-mapped IPv6 address comes back as IPv4
        }
      }
    }
    return found;
  }

  private static CliResult ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("'%s' hangs", String.join(" ", cmd)).isTrue();
      return new CliResult(p.exitValue(), out, "");
    } catch (IOException e) {
      return new CliResult(127, "", "cannot run " + cmd + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + cmd, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
