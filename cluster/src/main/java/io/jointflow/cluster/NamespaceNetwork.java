package io.jointflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network of a cluster started with {@code --netns}: a Linux bridge in the root network
 * namespace holding the first address of a private /24 ({@code 10.213.N.0/24}, the first N that no
 * address or route of this machine uses), and per cloud a network namespace with its loopback up,
 * joined to the bridge by a veth pair, holding the next address, with a default route via the
 * bridge (so a worker also reaches this machine's other addresses; loopback stays its own).
 *
 * <p>Names derive from the cluster directory: bridge {@code jfID}, namespaces {@code jf-ID-CLOUD},
 * veths {@code jfIDvI} (root side) and {@code jfIDpI} (namespace side). What it makes is recorded in
 * {@code DIR/netns.json} before it is made, so that {@link #remove} finds all of it after a failed
 * {@code up} or a crash too.
 *
 * @param bridge the bridge's name
 * @param subnet N of {@code 10.213.N.0/24}
 * @param hosts one per cloud, in the clouds file's order
 */
record NamespaceNetwork(String bridge, int subnet, List<Host> hosts) {
  /** The record's file name in the cluster directory. */
  static final String FILE = "netns.json";
  private static final Pattern PREFIX = Pattern.compile("\\b(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?\\b");
  private static final int BASE = (10 << 24) | (213 << 16);
  /** File locks are per process: threads of one process take this first. */
  private static final ReentrantLock IN_THIS_PROCESS = new ReentrantLock();

  NamespaceNetwork {
    hosts = List.copyOf(hosts);
  }

  /**
   * One cloud's namespace.
   *
   * @param cloud the cloud
   * @param namespace the network namespace its worker runs in
   * @param veth the root side of its veth pair, on the bridge
   * @param peer the namespace side, which holds {@code address}
   * @param address its address
   */
  record Host(String cloud, String namespace, String veth, String peer, String address) {}

  /** The bridge's address, this machine's address as the namespaces see it. */
  String bridgeAddress() {
    return "10.213." + subnet + ".1";
  }

  /** The namespace of a cloud. */
  Host host(String cloud) {
    return hosts.stream().filter(h -> h.cloud.equals(cloud)).findFirst().orElseThrow();
  }

  /** Held from {@link #plan} to the end of {@link #create}. */
  interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits until no other {@code up --netns} of this machine is between picking a /24 and making it,
   * so that two at once do not pick the same one.
   */
  static Lock lock() {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "jointflow-netns.lock");
    IN_THIS_PROCESS.lock();
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock held = channel.lock();
      return () -> {
        try {
          held.release();
          channel.close();
        } catch (IOException e) {
          // the lock goes with the channel, and with the process at the latest
        } finally {
          IN_THIS_PROCESS.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      IN_THIS_PROCESS.unlock();
      throw new JointflowException("cannot lock " + file + " (one 'cluster up --netns' at a time picks addresses): "
          + e.getMessage(), e);
    }
  }

  /**
   * Names and addresses for the clouds of the cluster in {@code dir}: checks that none of the names
   * is taken and picks a free /24.
   *
   * @throws JointflowException if a name is taken (naming the command that removes it) or no /24 of
   *     {@code 10.213.0.0/16} is free
   */
  static NamespaceNetwork plan(Path dir, List<String> clouds, Iproute ip) {
    if (clouds.size() > 253) {
      throw new JointflowException("--netns gives each cloud an address of one /24: at most 253 clouds, not " + clouds.size());
    }
    String id = shortId(dir);
    String bridge = "jf" + id;
    int subnet = freeSubnet(ip.run("-4", "-o", "addr", "show") + "\n" + ip.run("-4", "route", "show", "table", "all"));
    List<Host> hosts = new ArrayList<>();
    for (int i = 0; i < clouds.size(); i++) {
      String cloud = clouds.get(i);
      hosts.add(new Host(cloud, "jf-" + id + "-" + cloud.replaceAll("[^A-Za-z0-9_.-]", "_"), bridge + "v" + (i + 1),
          bridge + "p" + (i + 1), "10.213." + subnet + "." + (i + 2)));
    }
    NamespaceNetwork net = new NamespaceNetwork(bridge, subnet, hosts);
    List<String> namespaces = ip.run("netns", "list").lines().map(l -> l.split("\\s+")[0]).toList();
    for (Host h : hosts) {
      if (namespaces.contains(h.namespace)) {
        throw taken("network namespace '" + h.namespace + "'", "ip netns delete " + h.namespace, dir);
      }
      if (ip.succeeds("link", "show", "dev", h.veth)) {
        throw taken("network interface '" + h.veth + "'", "ip link delete " + h.veth, dir);
      }
    }
    if (ip.succeeds("link", "show", "dev", bridge)) {
      throw taken("network interface '" + bridge + "'", "ip link delete " + bridge, dir);
    }
    return net;
  }

  private static JointflowException taken(String what, String fix, Path dir) {
    return new JointflowException(what + " exists already and was not made by the cluster in " + dir
        + ": remove it ('" + fix + "') or use another --dir");
  }

  /**
   * Records this network in {@code dir}, then makes it. On a failure the caller removes it with
   * {@link #remove}.
   */
  void create(Path dir, Iproute ip) {
    write(dir);
    ip.run("link", "add", bridge, "type", "bridge");
    ip.run("addr", "add", bridgeAddress() + "/24", "dev", bridge);
    ip.run("link", "set", bridge, "up");
    for (Host h : hosts) {
      ip.run("netns", "add", h.namespace);
      ip.run("link", "add", h.veth, "type", "veth", "peer", "name", h.peer, "netns", h.namespace);
      ip.run("link", "set", h.veth, "master", bridge, "up");
      ip.run("-n", h.namespace, "link", "set", "lo", "up");
      ip.run("-n", h.namespace, "addr", "add", h.address + "/24", "dev", h.peer);
      ip.run("-n", h.namespace, "link", "set", h.peer, "up");
      ip.run("-n", h.namespace, "route", "add", "default", "via", bridgeAddress());
    }
  }

  /**
   * Removes the network recorded in {@code dir}, and the record: each veth pair, namespace and the
   * bridge that still exists (the processes in the namespaces must have stopped). Idempotent.
   *
   * @return how many namespaces were still there; empty if {@code dir} records no network
   */
  static Optional<Integer> remove(Path dir, PrintWriter out) {
    Optional<NamespaceNetwork> recorded = read(dir);
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    NamespaceNetwork net = recorded.get();
    Iproute ip = Iproute.find();
    int namespaces = 0;
    for (Host h : net.hosts) {
      // The veth first: deleting a namespace frees its interfaces only later, in the kernel's own time.
      ip.remove("link", "delete", h.veth);
      if (ip.remove("netns", "delete", h.namespace)) {
        namespaces++;
      }
    }
    boolean bridge = ip.remove("link", "delete", net.bridge);
    if (namespaces > 0 || bridge) {
      out.println("  removed network namespaces " + String.join(", ", net.hosts.stream().map(Host::namespace).toList())
          + " and bridge " + net.bridge + " (10.213." + net.subnet + ".0/24)");
    }
    try {
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException e) {
      throw new JointflowException("cannot remove " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
    return Optional.of(namespaces);
  }

  /** The network recorded in {@code dir}, if any. */
  static Optional<NamespaceNetwork> read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      JsonNode n = RunViews.JSON.readTree(f.toFile());
      List<Host> hosts = new ArrayList<>();
      for (JsonNode h : n.path("hosts")) {
        hosts.add(new Host(h.path("cloud").asText(), h.path("namespace").asText(), h.path("veth").asText(),
            h.path("peer").asText(), h.path("address").asText()));
      }
      return Optional.of(new NamespaceNetwork(n.path("bridge").asText(), n.path("subnet").asInt(), hosts));
    } catch (IOException | RuntimeException e) {
      throw new JointflowException("network file " + f + " cannot be read: " + e.getMessage()
          + "; remove what it names by hand ('ip netns list', 'ip link') and delete it", e);
    }
  }

  private void write(Path dir) {
    ObjectNode n = RunViews.JSON.createObjectNode();
    n.put("bridge", bridge).put("subnet", subnet).put("bridgeAddress", bridgeAddress() + "/24");
    var arr = n.putArray("hosts");
    for (Host h : hosts) {
      arr.addObject().put("cloud", h.cloud).put("namespace", h.namespace).put("veth", h.veth).put("peer", h.peer)
          .put("address", h.address);
    }
    ClusterState.writeAtomically(dir.resolve(FILE), n, "network file");
  }

  /** Six hex digits of the directory's path: one cluster directory, one set of names. */
  static String shortId(Path dir) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The first N in 1..254 whose {@code 10.213.N.0/24} overlaps none of the addresses and prefixes in
   * {@code ipOutput} ({@code ip addr} and {@code ip route} lines). Prefixes shorter than /16, such as
   * a 10.0.0.0/8 route, do not count: our /24 is more specific, so its route wins.
   */
  static int freeSubnet(String ipOutput) {
    List<int[]> used = new ArrayList<>(); // {address, prefix length}
    Matcher m = PREFIX.matcher(ipOutput);
    while (m.find()) {
      int a = 0;
      boolean valid = true;
      for (int i = 1; i <= 4; i++) {
        int octet = Integer.parseInt(m.group(i));
        valid &= octet <= 255;
        a = (a << 8) | octet;
      }
      int len = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
      if (valid && len >= 16 && len <= 32) {
        used.add(new int[] {a, len});
      }
    }
    for (int n = 1; n <= 254; n++) {
      int net = BASE | (n << 8);
      boolean free = true;
      for (int[] u : used) {
        int bits = Math.min(u[1], 24);
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        free &= (u[0] & mask) != (net & mask);
      }
      if (free) {
        return n;
      }
    }
    throw new JointflowException("no /24 of 10.213.0.0/16 is free on this machine (see 'ip -4 route show table all'):"
        + " --netns needs one for the cluster's namespaces");
  }
}
