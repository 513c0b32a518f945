package io.jointflow.definition;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Fault;
import io.jointflow.cloud.InvalidCloudsException;
import io.jointflow.cloud.Link;
import io.jointflow.cloud.Signing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the tree of a clouds file into {@link Clouds}: the clouds ({@link CloudReader}), the
 * network, the faults and the signing, then the checks across them, each problem reported at the
 * line it is about. Reads on past every problem. Single use.
 */
final class CloudsReader {
  static final List<String> TOP_KEYS = List.of("clouds", "network", "faults", "signing");
  static final List<String> NETWORK_KEYS = List.of("inside", "links");
  static final List<String> LINK_KEYS = List.of("between", "latency", "jitter", "bandwidth");
  static final List<String> FAULT_KEYS = List.of("cloud", "kind", "from", "to");
  static final Map<String, List<String>> FAULT_PARAMETERS =
      Map.of("outage", List.of(), "store-outage", List.of(), "error-rate", List.of("rate"), "latency-spike",
          List.of("extra"));
  static final List<String> SIGNING_KEYS = List.of("key-env", "replay-window");

  private final Diagnostics diagnostics;
  private final Path baseDir;
  private PathIndex paths;

  /** @param baseDir the directory relative store paths are resolved against */
  CloudsReader(Diagnostics diagnostics, Path baseDir) {
    this.diagnostics = diagnostics;
    this.baseDir = baseDir;
  }

  /** Reads the file; {@code null} if it has any problem (reported). */
  Clouds read(Node root) {
    if (!(root instanceof Node.Mapping m)) {
      diagnostics.error(root.at(), "a clouds definition must be a mapping with at least 'clouds', not "
          + root.describe());
      return null;
    }
    paths = new PathIndex(m.at());
    Fields f = new Fields(m, m.at(), "", "clouds definition", diagnostics, paths);
    f.allowOnly(TOP_KEYS);
    Clouds.Builder clouds = Clouds.builder();
    Node.Mapping list = f.require("clouds") ? f.mapping("clouds") : null;
    if (list != null) {
      if (!list.fields().isEmpty()) {
        paths.reported("clouds"); // a cloud that is bad (reported) still counts as one
      }
      CloudReader reader = new CloudReader(diagnostics, paths, baseDir);
      for (Node.Field e : list.fields().values()) {
        CloudSpec cloud = reader.read(e);
        if (cloud != null) {
          clouds.cloud(cloud);
        }
      }
    }
    Node.Mapping network = f.mapping("network");
    if (network != null) {
      network(f.nested("network", network, "network"), clouds);
    }
    Node.Sequence faults = f.sequence("faults");
    if (faults != null) {
      for (int i = 0; i < faults.items().size(); i++) {
        Fault fault = fault(faults.items().get(i), i);
        if (fault != null) {
          clouds.fault(fault);
        }
      }
    }
    Node.Mapping signing = f.mapping("signing");
    if (signing != null) {
      Signing s = signing(f.nested("signing", signing, "signing"));
      if (s != null) {
        clouds.signing(s);
      }
    }
    try {
      Clouds built = clouds.build();
      return diagnostics.isEmpty() ? built : null;
    } catch (InvalidCloudsException e) {
      e.problems().stream().filter(p -> !paths.isReported(p.path()))
          .forEach(p -> diagnostics.error(paths.locate(p.path()), p.message()));
      return null;
    }
  }

  private void network(Fields f, Clouds.Builder clouds) {
    f.allowOnly(NETWORK_KEYS);
    Node inside = f.node("inside");
    if (inside instanceof Node.Mapping m) {
      Fields each = f.nested("inside", m, "network inside");
      for (Node.Field e : m.fields().values()) {
        Duration d = each.duration(e.key());
        if (d != null) {
          clouds.inside(e.key(), d);
        }
      }
    } else if (inside != null) {
      Duration all = f.duration("inside");
      if (all != null) {
        clouds.inside(all);
      }
    }
    Node.Sequence links = f.sequence("links");
    if (links == null) {
      return;
    }
    for (int i = 0; i < links.items().size(); i++) {
      Node item = links.items().get(i);
      String path = "network.links." + i;
      String what = "network link #" + (i + 1);
      if (!(item instanceof Node.Mapping m)) {
        diagnostics.error(item.at(), what + " must be a mapping like {between: [aws, ali], latency:"
            + " 15ms}, not " + item.describe());
        continue;
      }
      Fields l = new Fields(m, m.at(), path, what, diagnostics, paths);
      l.allowOnly(LINK_KEYS);
      List<String> between = l.require("between") ? l.strings("between") : null;
      if (between != null && between.size() != 2) {
        l.error("between", what + " between must name two clouds: " + between);
        between = null;
      }
      Duration latency = l.require("latency") ? l.duration("latency") : null;
      Duration jitter = l.has("jitter") ? l.duration("jitter") : Duration.ZERO;
      Long bandwidth = l.has("bandwidth") ? l.bandwidth("bandwidth") : Long.valueOf(0);
      if (between != null && latency != null && jitter != null && bandwidth != null) {
        List<String> pair = between;
        Link link = build(path, () -> new Link(pair, latency, jitter, bandwidth));
        // A bad link still joins its clouds, so that they are checked and not reported unlinked.
        Link joins = link != null ? link : quietly(() -> Link.between(pair.get(0), pair.get(1), Duration.ZERO));
        if (joins != null) {
          clouds.link(joins);
        }
      }
    }
  }

  private Fault fault(Node item, int i) {
    String path = "faults." + i;
    String what = "fault #" + (i + 1);
    if (!(item instanceof Node.Mapping m)) {
      diagnostics.error(item.at(), what + " must be a mapping like {cloud: aws, kind: outage, from: 10s,"
          + " to: 20s}, not " + item.describe());
      return null;
    }
    Fields f = new Fields(m, m.at(), path, what, diagnostics, paths);
    String kind = f.string("kind");
    List<String> params = kind == null ? null : FAULT_PARAMETERS.get(kind);
    if (!f.has("kind")) {
      f.error("kind", what + " is missing required key 'kind' (valid: " + String.join(", ", Fault.KINDS) + ")");
    } else if (kind != null && params == null) {
      f.error("kind", what + " has unknown kind '" + kind + "' (valid: " + String.join(", ", Fault.KINDS) + ")");
    }
    checkKeys(f, kind, params);
    String cloud = f.require("cloud") ? f.string("cloud") : null;
    Duration from = f.has("from") ? f.duration("from") : Duration.ZERO;
    Duration to = f.require("to") ? f.duration("to") : null;
    if (cloud == null) {
      return null;
    }
    if (from == null || to == null || params == null) {
      return quietly(() -> Fault.outage(cloud, Duration.ZERO, Duration.ofMillis(1)));
    }
    Fault fault = switch (kind) {
      case "outage" -> build(path, () -> Fault.outage(cloud, from, to));
      case "store-outage" -> build(path, () -> Fault.storeOutage(cloud, from, to));
      case "error-rate" -> {
        Double rate = f.require("rate") ? f.number("rate") : null;
        yield rate == null ? null : build(path, () -> Fault.errorRate(cloud, from, to, rate));
      }
      default -> {
        Duration extra = f.require("extra") ? f.duration("extra") : null;
        yield extra == null ? null : build(path, () -> Fault.latencySpike(cloud, from, to, extra));
      }
    };
    // A bad fault still names its cloud, so that the cloud is checked too.
    return fault != null ? fault : quietly(() -> Fault.outage(cloud, Duration.ZERO, Duration.ofMillis(1)));
  }

  /** A stand-in, or {@code null} if even that cannot be built (its problems are reported already). */
  private static <T> T quietly(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidCloudsException e) {
      return null;
    }
  }

  /** Like a trigger's parameters: a parameter of another kind is named as such. */
  private void checkKeys(Fields f, String kind, List<String> params) {
    List<String> all = FAULT_PARAMETERS.values().stream().flatMap(List::stream).sorted().toList();
    for (Node.Field field : f.fields()) {
      String key = field.key();
      if (FAULT_KEYS.contains(key) || (params == null ? all : params).contains(key)) {
        continue;
      }
      if (params != null && all.contains(key)) {
        diagnostics.error(field.keyAt(), "parameter '" + key + "' is not valid for fault kind '" + kind
            + "' (" + (params.isEmpty() ? "it takes no parameters" : "valid: " + String.join(", ", params)) + ")");
      } else {
        List<String> valid = new ArrayList<>(FAULT_KEYS);
        valid.addAll(params == null ? all : params);
        diagnostics.error(field.keyAt(), "unknown key '" + key + "' in " + f.what() + " (valid: "
            + String.join(", ", valid) + ")");
      }
    }
  }

  private Signing signing(Fields f) {
    f.allowOnly(SIGNING_KEYS);
    String keyEnv = f.has("key-env") ? f.string("key-env") : Signing.DEFAULT_KEY_ENV;
    Duration window = f.has("replay-window") ? f.duration("replay-window") : Signing.DEFAULT_REPLAY_WINDOW;
    if (keyEnv == null || window == null) {
      return null;
    }
    return build("signing", () -> new Signing(keyEnv, window));
  }

  private <T> T build(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidCloudsException e) {
      CloudReader.report(diagnostics, paths, path, "", e.problems());
      return null;
    }
  }
}
