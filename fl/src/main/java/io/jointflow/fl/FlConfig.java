package io.jointflow.fl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Profile;
import io.jointflow.cloud.Sizes;
import io.jointflow.definition.CloudsDefinitions;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A federated-learning job read from {@code fl.yaml} (format: docs/fl.md): data, model, partition,
 * data centers (clouds of a {@code clouds.yaml}), container types, methods, target and options.
 *
 * @param name the job's name
 * @param setup what to run
 * @param methods the methods to compare, in order
 * @param target the accuracy whose time, cost and bytes the report compares
 */
public record FlConfig(String name, FlSetup setup, List<String> methods, double target) {
  private static final Set<String> TOP = Set.of("fl", "clouds", "data", "model", "partition", "data-centers",
      "owners-per-dc", "containers", "methods", "target-accuracy", "options", "faults");

  /**
   * Loads a job; relative paths are relative to the file's directory.
   *
   * @throws JointflowException naming the file and the key that is wrong, with the valid choices
   */
  public static FlConfig load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new JointflowException("fl file '" + file + "' cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new JointflowException("fl file '" + file + "' is not a mapping; see docs/fl.md");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP.contains(k)) {
        throw new JointflowException("fl file '" + file + "' has unknown key '" + k + "'; valid: " + new java.util.TreeSet<>(TOP));
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    FlOptions options = FlOptionsReader.read(root.path("options"), file);
    Clouds clouds = root.hasNonNull("clouds") ? CloudsDefinitions.load(dir.resolve(root.get("clouds").asText())) : null;
    List<String> dcs = new ArrayList<>();
    root.path("data-centers").forEach(n -> dcs.add(n.asText()));
    if (dcs.isEmpty()) {
      if (clouds == null) {
        throw new JointflowException("fl file '" + file + "' names no data-centers and no clouds file to take them from");
      }
      dcs.addAll(clouds.clouds().keySet());
    }
    Dataset[] data = FlData.read(root.path("data"), dir, file, options.seed());
    int perDc = root.path("owners-per-dc").asInt(5);
    int owners = perDc * dcs.size();
    int[][] partition = partition(root.path("partition"), data[0], owners, options.seed(), file);
    Model model = model(root.path("model"), data[0]);
    List<List<ContainerType>> types = new ArrayList<>();
    for (String dc : dcs) {
      types.add(containers(root.path("containers"), clouds == null ? null : clouds.clouds().get(dc), file));
    }
    int[] ownerDc = IntStream.range(0, owners).map(o -> o / perDc).toArray();
    List<String> methods = new ArrayList<>();
    root.path("methods").forEach(n -> methods.add(n.asText()));
    for (String m : methods) {
      if (!Federation.methods().contains(m)) {
        throw new JointflowException("fl file '" + file + "' names method '" + m + "'; valid: " + Federation.methods());
      }
    }
    List<Fault> faults = faults(root.path("faults"), dcs, owners, file);
    FlSetup setup = new FlSetup(model, data[0], data[1], dcs, partition, ownerDc, types, clouds, options, faults, null);
    return new FlConfig(root.path("fl").asText(file.getFileName().toString()), setup,
        methods.isEmpty() ? Federation.methods() : methods, root.path("target-accuracy").asDouble(0.8));
  }

  private static int[][] partition(JsonNode p, Dataset train, int owners, long seed, Path file) {
    String kind = p.path("kind").asText("dirichlet");
    return switch (kind) {
      case "dirichlet" -> Partitions.dirichlet(train, owners, p.path("alpha").asDouble(0.5), p.path("min-size").asInt(10),
          seed);
      case "shards" -> Partitions.shards(train, owners, p.path("per-owner").asInt(2), seed);
      case "iid" -> Partitions.iid(train, owners, seed);
      default -> throw new JointflowException("fl file '" + file + "' has partition kind '" + kind
          + "'; valid: dirichlet, shards, iid");
    };
  }

  private static final Map<String, Set<String>> FAULT_FIELDS = Map.of(
      "owner-down", Set.of("kind", "owner", "from", "to"),
      "data-center-down", Set.of("kind", "dc", "from", "to"),
      "aggregator-crash-once", Set.of("kind", "dc"),
      "tamper", Set.of("kind", "owner"),
      "unattested", Set.of("kind", "owner"));

  /**
   * The faults to inject ({@code faults:}, a list of {@code {kind: K, ...}}): owner-down (owner,
   * from, to), data-center-down (dc, from, to), aggregator-crash-once (dc), tamper (owner),
   * unattested (owner); a dc by name or index, an owner by index, times in the job's time units.
   */
  private static List<Fault> faults(JsonNode list, List<String> dcs, int owners, Path file) {
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new JointflowException("fl file '" + file + "': 'faults' must be a list of {kind: K, ...}; see docs/fl.md");
    }
    List<Fault> r = new ArrayList<>();
    for (JsonNode f : list) {
      String kind = f.path("kind").asText("");
      Set<String> fields = FAULT_FIELDS.get(kind);
      String where = "fl file '" + file + "', fault " + (r.size() + 1);
      if (fields == null) {
        throw new JointflowException(where + " has kind '" + kind + "'; valid: " + new java.util.TreeSet<>(FAULT_FIELDS.keySet()));
      }
      for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!fields.contains(k)) {
          throw new JointflowException(where + " (" + kind + ") has unknown key '" + k + "'; valid: " + new java.util.TreeSet<>(fields));
        }
      }
      for (String k : fields) {
        if (!f.hasNonNull(k)) {
          throw new JointflowException(where + " (" + kind + ") lacks '" + k + "'; it needs " + new java.util.TreeSet<>(fields));
        }
      }
      double from = f.path("from").asDouble();
      double to = f.path("to").asDouble();
      if (fields.contains("from") && !(from < to)) {
        throw new JointflowException(where + " (" + kind + ") must end after it starts: from " + from + ", to " + to);
      }
      r.add(switch (kind) {
        case "owner-down" -> new Fault.OwnerDown(owner(f, owners, where), from, to);
        case "data-center-down" -> new Fault.DataCenterDown(dc(f, dcs, where), from, to);
        case "aggregator-crash-once" -> new Fault.AggregatorCrashOnce(dc(f, dcs, where));
        case "tamper" -> new Fault.Tamper(owner(f, owners, where));
        default -> new Fault.Unattested(owner(f, owners, where));
      });
    }
    return r;
  }

  private static int owner(JsonNode f, int owners, String where) {
    int o = f.path("owner").asInt(-1);
    if (!f.path("owner").canConvertToInt() || o < 0 || o >= owners) {
      throw new JointflowException(where + " names owner '" + f.path("owner").asText() + "'; owners are 0 to " + (owners - 1));
    }
    return o;
  }

  private static int dc(JsonNode f, List<String> dcs, String where) {
    JsonNode d = f.path("dc");
    int i = d.isInt() ? d.asInt() : dcs.indexOf(d.asText());
    if (i < 0 || i >= dcs.size()) {
      throw new JointflowException(where + " names data center '" + d.asText() + "'; valid: " + dcs + " or 0 to " + (dcs.size() - 1));
    }
    return i;
  }

  private static Model model(JsonNode m, Dataset train) {
    List<Integer> sizes = new ArrayList<>();
    sizes.add(train.features());
    JsonNode hidden = m.path("hidden");
    if (hidden.isMissingNode()) {
      sizes.add(32);
    } else {
      hidden.forEach(h -> sizes.add(h.asInt()));
    }
    sizes.add(train.classes());
    return Mlp.of(sizes.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The container types of a data center: {@code containers: profiles} takes its cloud's profiles
   * (speed = the profile's speedup, price per time unit = its price for one second); a list gives
   * them explicitly; without either, the reference's small/medium/large.
   */
  static List<ContainerType> containers(JsonNode c, CloudSpec cloud, Path file) {
    if (c.isMissingNode() || c.isNull()) {
      return ContainerType.referenceTypes();
    }
    if (c.isTextual() && c.asText().equals("profiles")) {
      if (cloud == null || cloud.profiles().isEmpty()) {
        throw new JointflowException("fl file '" + file + "' takes containers from the clouds' profiles, but cloud '"
            + (cloud == null ? "?" : cloud.name()) + "' has none (or there is no clouds file)");
      }
      List<ContainerType> r = new ArrayList<>();
      for (Profile p : cloud.profiles().values()) {
        var prices = cloud.prices();
        double perSecond = (double) p.memory() / Sizes.GB * prices.perGbSecond().doubleValue()
            + p.vcpus() * prices.perVcpuSecond().doubleValue()
            + (double) p.gpuMemory() / Sizes.GB * prices.perGpuGbSecond().doubleValue();
        r.add(new ContainerType(p.name(), p.speedup(), perSecond));
      }
      return r;
    }
    List<ContainerType> r = new ArrayList<>();
    for (JsonNode t : c) {
      r.add(new ContainerType(t.path("name").asText(), t.path("speed").asDouble(), t.path("price").asDouble()));
    }
    return r;
  }
}
