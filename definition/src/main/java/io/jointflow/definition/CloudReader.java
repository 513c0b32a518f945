package io.jointflow.definition;

import io.jointflow.app.Names;
import io.jointflow.app.Problem;
import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.ComputeSpec;
import io.jointflow.cloud.ComputeType;
import io.jointflow.cloud.InvalidCloudsException;
import io.jointflow.cloud.Limits;
import io.jointflow.cloud.Prices;
import io.jointflow.cloud.Profile;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads one cloud of a clouds file: its compute, stores, prices, limits and profiles. Each part is
 * built by its own validating constructor, whose problems are reported at the keys they name; a
 * cloud with a bad part is replaced by a stand-in of the same name, so that the network and faults
 * that name it are still checked.
 */
final class CloudReader {
  static final List<String> CLOUD_KEYS = List.of("compute", "state", "blobs", "prices", "limits", "profiles");
  static final List<String> COMPUTE_KEYS =
      List.of("type", "url", "options", "credentials-env", "cold-start", "keep-alive");
  static final List<String> PRICE_KEYS = List.of("currency", "per-gb-second", "per-vcpu-second",
      "per-gpu-gb-second", "per-million-requests", "per-million-reads", "per-million-writes",
      "per-gb-egress", "granularity");
  static final List<String> LIMIT_KEYS = List.of("async-payload", "concurrency", "memory", "vcpus");
  static final List<String> PROFILE_KEYS = List.of("memory", "vcpus", "gpu", "gpu-memory", "speedup");

  private final Diagnostics diagnostics;
  private final PathIndex paths;
  private final Path baseDir;
  /** The parts of the cloud being read that could not be built (reported), by key. */
  private final Set<String> broken = new HashSet<>();

  /** @param baseDir the directory relative store paths are resolved against */
  CloudReader(Diagnostics diagnostics, PathIndex paths, Path baseDir) {
    this.diagnostics = diagnostics;
    this.paths = paths;
    this.baseDir = baseDir;
  }

  /** The cloud under {@code e}, a stand-in if it is bad (reported), or {@code null} for a bad name. */
  CloudSpec read(Node.Field e) {
    broken.clear();
    String name = e.key();
    String path = "clouds." + name;
    String what = "cloud '" + name + "'";
    paths.put(path, e.keyAt());
    Node.Mapping spec = Node.isNull(e.value()) ? new Node.Mapping(e.keyAt(), Map.of())
        : e.value() instanceof Node.Mapping m ? m : null;
    if (spec == null) {
      diagnostics.error(e.value().at(), what + " must be a mapping with compute, state, prices, ...,"
          + " not " + e.value().describe());
      return standIn(name);
    }
    Fields f = new Fields(spec, e.keyAt(), path, what, diagnostics, paths);
    f.allowOnly(CLOUD_KEYS);
    CloudSpec.Builder cloud = CloudSpec.builder(name);
    Node.Mapping compute = part(f, "compute");
    if (compute != null) {
      set("compute", cloud::compute, compute(f.nested("compute", compute, what + " compute"), what));
    }
    String state = store(f, "state", "sqlite:");
    if (state != null) {
      cloud.state(state);
    }
    cloud.blobs(store(f, "blobs", "filesystem:"));
    Node.Mapping prices = part(f, "prices");
    if (prices != null) {
      set("prices", cloud::prices, prices(f.nested("prices", prices, what + " prices"), what));
    }
    Node.Mapping limits = part(f, "limits");
    if (limits != null) {
      set("limits", cloud::limits, limits(f.nested("limits", limits, what + " limits"), what));
    }
    Node.Mapping profiles = part(f, "profiles");
    if (profiles != null) {
      new Fields(profiles, f.at("profiles"), PathIndex.child(path, "profiles"), what + " profiles",
          diagnostics, paths);
      for (Node.Field p : profiles.fields().values()) {
        set("profiles", cloud::profile, profile(f, p, what));
      }
    }
    // Built even when a part is bad, with that part's default, so that the rest is checked too;
    // a problem that the bad part may have caused is not reported.
    try {
      CloudSpec built = cloud.build();
      return broken.isEmpty() ? built : standIn(name);
    } catch (InvalidCloudsException x) {
      List<Problem> own = x.problems().stream().filter(p -> !causedByBrokenPart(p.path())).toList();
      report(diagnostics, paths, path, "", own);
      return standIn(name);
    }
  }

  private boolean causedByBrokenPart(String problemPath) {
    String part = problemPath.contains(".") ? problemPath.substring(0, problemPath.indexOf('.')) : problemPath;
    return broken.contains(part) || problemPath.equals("limits.vcpus") && broken.contains("prices");
  }

  /** A part that must be a mapping; a part of another type is reported and breaks the cloud. */
  private Node.Mapping part(Fields f, String key) {
    Node.Mapping m = f.mapping(key);
    if (m == null && f.has(key)) {
      broken.add(key);
    }
    return m;
  }

  private <T> void set(String part, Consumer<T> setter, T value) {
    if (value == null) {
      broken.add(part);
    } else {
      setter.accept(value);
    }
  }

  /** A store spec, a relative path in it resolved against the file's directory. */
  private String store(Fields f, String key, String pathPrefix) {
    String spec = f.string(key);
    if (spec == null && f.has(key)) {
      broken.add(key);
    }
    if (spec == null || !spec.startsWith(pathPrefix) || spec.length() == pathPrefix.length()) {
      return spec;
    }
    try {
      return pathPrefix + baseDir.resolve(spec.substring(pathPrefix.length())).normalize();
    } catch (InvalidPathException e) {
      f.error(key, f.what() + " " + key + " is not a valid path (" + e.getReason() + "): '" + spec + "'");
      broken.add(key);
      return null;
    }
  }

  private ComputeSpec compute(Fields f, String cloud) {
    f.allowOnly(COMPUTE_KEYS);
    String typeName = f.require("type") ? f.string("type") : null;
    ComputeType type = null;
    if (typeName != null) {
      try {
        type = ComputeType.parse(typeName);
      } catch (IllegalArgumentException e) {
        f.error("type", cloud + " " + e.getMessage());
      }
    }
    URI url = null;
    String written = f.string("url");
    if (written != null) {
      try {
        url = new URI(written);
      } catch (URISyntaxException e) {
        f.error("url", f.what() + " url is not a valid URL (" + e.getReason() + "): '" + written + "'");
        return null;
      }
    }
    Map<String, String> options = options(f);
    List<String> credentials = oneOrList(f, "credentials-env");
    Duration coldStart = f.duration("cold-start");
    Duration keepAlive = f.duration("keep-alive");
    if (type == null || options == null || credentials == null || f.has("cold-start") && coldStart == null
        || f.has("keep-alive") && keepAlive == null) {
      return null;
    }
    ComputeSpec.Builder b = ComputeSpec.builder(type).url(url);
    options.forEach(b::option);
    b.credentialsEnv(credentials.toArray(String[]::new));
    if (coldStart != null) {
      b.coldStart(coldStart);
    }
    if (keepAlive != null) {
      b.keepAlive(keepAlive);
    }
    return build(f.path(), cloud, b::build);
  }

  private Map<String, String> options(Fields f) {
    Node.Mapping m = f.mapping("options");
    Map<String, String> options = new LinkedHashMap<>();
    if (m == null) {
      return f.has("options") ? null : options;
    }
    new Fields(m, f.at("options"), PathIndex.child(f.path(), "options"), f.what() + " options",
        diagnostics, paths);
    boolean ok = true;
    for (Node.Field e : m.fields().values()) {
      if (e.value() instanceof Node.Scalar s && !s.isNull()) {
        options.put(e.key(), s.text());
      } else {
        diagnostics.error(e.keyAt(), f.what() + " option '" + e.key() + "' must be a string or a"
            + " number, not " + e.value().describe());
        ok = false;
      }
    }
    return ok ? options : null;
  }

  /** A string or a list of strings; {@code null} if bad (reported). */
  private static List<String> oneOrList(Fields f, String key) {
    Node n = f.node(key);
    if (n == null) {
      return List.of();
    }
    return n instanceof Node.Scalar ? List.of(f.string(key)) : f.strings(key);
  }

  private Prices prices(Fields f, String cloud) {
    f.allowOnly(PRICE_KEYS);
    Prices.Builder b = Prices.builder();
    boolean ok = true;
    String currency = f.string("currency");
    if (currency != null) {
      b.currency(currency);
    }
    ok &= decimal(f, "per-gb-second", b::perGbSecond);
    ok &= decimal(f, "per-vcpu-second", b::perVcpuSecond);
    ok &= decimal(f, "per-gpu-gb-second", b::perGpuGbSecond);
    ok &= decimal(f, "per-million-requests", b::perMillionRequests);
    ok &= decimal(f, "per-million-reads", b::perMillionReads);
    ok &= decimal(f, "per-million-writes", b::perMillionWrites);
    ok &= decimal(f, "per-gb-egress", b::perGbEgress);
    Duration granularity = f.duration("granularity");
    if (granularity != null) {
      b.granularity(granularity);
    }
    ok &= !f.has("granularity") || granularity != null;
    return ok ? build(f.path(), cloud, b::build) : null;
  }

  private static boolean decimal(Fields f, String key, Consumer<BigDecimal> setter) {
    BigDecimal d = f.decimal(key);
    if (d != null) {
      setter.accept(d);
    }
    return d != null || !f.has(key);
  }

  private Limits limits(Fields f, String cloud) {
    f.allowOnly(LIMIT_KEYS);
    Limits.Builder b = Limits.builder();
    Long payload = f.size("async-payload");
    Integer concurrency = f.integer("concurrency");
    Long memory = f.size("memory");
    Double vcpus = f.number("vcpus");
    if (payload != null) {
      b.asyncPayload(payload);
    }
    if (concurrency != null) {
      b.concurrency(concurrency);
    }
    if (memory != null) {
      b.memory(memory);
    }
    if (vcpus != null) {
      b.vcpus(vcpus);
    }
    boolean ok = (payload != null || !f.has("async-payload")) && (concurrency != null || !f.has("concurrency"))
        && (memory != null || !f.has("memory")) && (vcpus != null || !f.has("vcpus"));
    return ok ? build(f.path(), cloud, b::build) : null;
  }

  private Profile profile(Fields cloud, Node.Field e, String what) {
    String path = PathIndex.child(PathIndex.child(cloud.path(), "profiles"), e.key());
    String profileWhat = what + " profile '" + e.key() + "'";
    if (!(e.value() instanceof Node.Mapping m)) {
      paths.put(path, e.keyAt());
      diagnostics.error(Node.isNull(e.value()) ? e.keyAt() : e.value().at(), profileWhat
          + " must be a mapping with at least memory (e.g. {memory: 512MB}), not " + e.value().describe());
      return null;
    }
    Fields f = new Fields(m, e.keyAt(), path, profileWhat, diagnostics, paths);
    f.allowOnly(PROFILE_KEYS);
    Long memory = f.require("memory") ? f.size("memory") : null;
    Double vcpus = f.number("vcpus");
    String gpu = f.string("gpu");
    Long gpuMemory = f.size("gpu-memory");
    Double speedup = f.number("speedup");
    if (memory == null || f.has("vcpus") && vcpus == null || f.has("gpu-memory") && gpuMemory == null
        || f.has("speedup") && speedup == null || f.has("gpu") && gpu == null) {
      return null;
    }
    return build(path, what, () -> new Profile(e.key(), memory, vcpus == null ? 0 : vcpus, gpu,
        gpuMemory == null ? 0 : gpuMemory, speedup == null ? 1.0 : speedup));
  }

  /** Runs a validating constructor; its problems are reported at {@code path} plus theirs. */
  private <T> T build(String path, String what, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidCloudsException e) {
      report(diagnostics, paths, path, what, e.problems());
      return null;
    }
  }

  /** Reports problems whose paths are relative to {@code path}, after {@code what} (may be empty). */
  static void report(Diagnostics diagnostics, PathIndex paths, String path, String what, List<Problem> problems) {
    for (Problem p : problems) {
      String at = p.path().isEmpty() ? path : PathIndex.child(path, p.path());
      diagnostics.error(paths.locate(at), what.isEmpty() ? p.message() : what + " " + p.message());
      paths.reported(at);
    }
  }

  /**
   * A cloud with every default, standing in for a bad one so that references to it still resolve;
   * {@code null} for a bad name (reported with the cloud).
   */
  private static CloudSpec standIn(String name) {
    return Names.isValidName(name) ? CloudSpec.builder(name).build() : null;
  }
}
