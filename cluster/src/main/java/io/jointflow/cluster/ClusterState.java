package io.jointflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code cluster up} started, kept in {@code DIR/cluster.json} (owner-only, since it holds the
 * gateway token) so that {@code cluster status}, {@code cluster down} and {@code run --cluster} find
 * it.
 *
 * @param gateway the gateway's URL
 * @param token the gateway's bearer token
 * @param apps the apps the cluster serves, in the order given to {@code cluster up}
 * @param members the worker processes and the gateway process
 */
public record ClusterState(URI gateway, String token, List<AppFile> apps, List<Member> members) {
  /** The file's name inside the cluster directory. */
  public static final String FILE = "cluster.json";

  public ClusterState {
    apps = List.copyOf(apps);
    members = List.copyOf(members);
  }

  /**
   * One app of the cluster.
   *
   * @param name the app's name, which runs are started by
   * @param file its definition, absolute
   */
  public record AppFile(String name, Path file) {}

  /**
   * One process of the cluster.
   *
   * @param role {@code worker} or {@code gateway}
   * @param cloud the cloud a worker serves; {@code -} for the gateway
   * @param pid its process id
   * @param started when it started, to tell it from a later process with the same pid
   * @param log its log file
   * @param netns the network namespace it runs in ({@code cluster up --netns}); empty for the root one
   */
  public record Member(String role, String cloud, URI url, long pid, Instant started, Path log, String netns) {
    public Member {
      netns = netns == null ? "" : netns;
    }

    /** The process, if it is still the one that was started. */
    public Optional<ProcessHandle> process() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().startInstant().map(s -> Math.abs(s.toEpochMilli() - started.toEpochMilli()) < 2000).orElse(true));
    }

    @Override
    public String toString() {
      return role + (role.equals("worker") ? " " + cloud : "") + " (pid " + pid + ", " + url
          + (netns.isEmpty() ? "" : ", netns " + netns) + ")";
    }
  }

  /** The state in {@code dir}, if a cluster was started there and not taken down. */
  public static Optional<ClusterState> read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      JsonNode n = RunViews.JSON.readTree(f.toFile());
      List<Member> ms = new ArrayList<>();
      for (JsonNode m : n.path("members")) {
        ms.add(new Member(m.path("role").asText(), m.path("cloud").asText(), URI.create(m.path("url").asText()),
            m.path("pid").asLong(), Instant.parse(m.path("started").asText()), Path.of(m.path("log").asText()),
            m.path("netns").asText("")));
      }
      List<AppFile> apps = new ArrayList<>();
      for (JsonNode a : n.path("apps")) { // absent in the file of a cluster started before apps were recorded
        apps.add(new AppFile(a.path("name").asText(), Path.of(a.path("file").asText())));
      }
      return Optional.of(new ClusterState(URI.create(n.path("gateway").asText()), n.path("token").asText(), apps, ms));
    } catch (IOException | RuntimeException e) {
      throw new JointflowException("cluster file " + f + " cannot be read: " + e.getMessage()
          + "; if no cluster runs, delete it", e);
    }
  }

  /** Writes the state to {@code dir} atomically, readable by its owner only. */
  void write(Path dir) {
    ObjectNode n = RunViews.JSON.createObjectNode();
    n.put("gateway", gateway.toString());
    n.put("token", token);
    var as = n.putArray("apps");
    for (AppFile a : apps) {
      as.addObject().put("name", a.name()).put("file", a.file().toString());
    }
    var arr = n.putArray("members");
    for (Member m : members) {
      arr.addObject().put("role", m.role()).put("cloud", m.cloud()).put("url", m.url().toString()).put("pid", m.pid())
          .put("started", m.started().toString()).put("log", m.log().toString()).put("netns", m.netns());
    }
    writeAtomically(dir.resolve(FILE), n, "cluster file");
  }

  /**
   * Writes {@code json} to {@code file} through a temporary file in its directory and an atomic
   * rename, readable by its owner only, so that a reader sees the old file or the new one whole.
   *
   * @param what the file's kind, for the error message
   */
  static void writeAtomically(Path file, JsonNode json, String what) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      RunViews.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new JointflowException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ClusterState[gateway=" + gateway + ", token=***, apps=" + apps + ", members=" + members + "]";
  }
}
