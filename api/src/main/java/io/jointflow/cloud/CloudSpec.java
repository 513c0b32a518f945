package io.jointflow.cloud;

import io.jointflow.app.Names;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One cloud of a {@link Clouds} file: where its functions run, its state and blob stores, its
 * prices and limits, and the function profiles it offers.
 *
 * @param name unique among the clouds
 * @param compute where functions run
 * @param state the state store: {@code memory}, {@code sqlite:PATH}, {@code redis://HOST:PORT},
 *     {@code dynamodb:TABLE} or {@code postgres://HOST:PORT/DATABASE}
 * @param blobs the blob store: {@code filesystem:DIR}, {@code s3://BUCKET[/PREFIX]} or
 *     {@code oss://BUCKET[/PREFIX]}; when not given, {@code filesystem:PATH.blobs} beside a
 *     {@code sqlite:PATH} state store, and {@code null} (a temporary directory) for {@code memory}
 * @param prices what the cloud charges
 * @param limits its limits and the size of a function without a profile
 * @param profiles function profiles by name
 * @throws InvalidCloudsException listing every problem, at paths such as {@code state} and
 *     {@code limits.vcpus}
 */
public record CloudSpec(String name, ComputeSpec compute, String state, String blobs, Prices prices,
    Limits limits, Map<String, Profile> profiles) {

  public CloudSpec {
    Check check = new Check();
    String what = "cloud '" + name + "'";
    if (!Names.isValidName(name)) {
      check.add("", "cloud name '" + name + "' is invalid: " + Names.NAME_RULE);
    }
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(limits, "limits");
    profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    String stateProblem = StoreSpecs.stateProblem(state);
    if (stateProblem != null) {
      check.add("state", what + " state " + quoted(state, stateProblem) + stateProblem);
    }
    if (blobs == null && state != null && state.startsWith("sqlite:") && stateProblem == null) {
      blobs = "filesystem:" + state.substring("sqlite:".length()) + ".blobs";
    }
    if (blobs != null) {
      String blobsProblem = StoreSpecs.blobsProblem(blobs);
      if (blobsProblem != null) {
        check.add("blobs", what + " blobs " + quoted(blobs, blobsProblem) + blobsProblem);
      }
    } else if (stateProblem == null && !"memory".equals(state)) {
      check.add("blobs", what + " needs blobs with state '" + state + "' (" + StoreSpecs.BLOB_FORMS + ")");
    }
    profiles.forEach((key, p) -> {
      if (!key.equals(p.name())) {
        check.add("profiles." + key, what + " lists profile '" + p.name() + "' under the name '" + key + "'");
      }
    });
    if (prices.perVcpuSecond().signum() > 0 && limits.vcpus() == 0) {
      check.add("limits.vcpus", what + " charges per-vcpu-second, so limits vcpus must say how many vCPUs"
          + " a function without a profile has: 0");
    }
    check.throwIfAny();
  }

  /** Starts a cloud that runs functions locally, keeps state in memory and charges nothing. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The size of a function in this cloud: the named profile, its vCPUs defaulting to the cloud's
   * ({@link Limits#vcpus()}); for {@code null}, the cloud's default size from {@link #limits()},
   * named {@code default}.
   *
   * @throws IllegalArgumentException for a profile the cloud does not have, naming those it has
   */
  public Profile profile(String profile) {
    if (profile == null) {
      return new Profile("default", limits.memory(), limits.vcpus(), null, 0, 1.0);
    }
    Profile p = profiles.get(profile);
    if (p == null) {
      throw new IllegalArgumentException("cloud '" + name + "' has no profile '" + profile + "' ("
          + (profiles.isEmpty() ? "it has no profiles" : "profiles: " + String.join(", ", profiles.keySet())) + ")");
    }
    return p.vcpus() == 0 ? p.withVcpus(limits.vcpus()) : p;
  }

  private static String quoted(String spec, String problem) {
    return problem.startsWith("carries") ? "" : "'" + spec + "' ";
  }

  /** Builds a {@link CloudSpec}. Not thread safe. */
  public static final class Builder {
    private final String name;
    private ComputeSpec compute = ComputeSpec.local();
    private String state = "memory";
    private String blobs;
    private Prices prices = Prices.free();
    private Limits limits = Limits.defaults();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();

    Builder(String name) {
      this.name = name;
    }

    /** Where functions run; default {@link ComputeSpec#local()}. */
    public Builder compute(ComputeSpec compute) {
      this.compute = compute;
      return this;
    }

    /** The state store spec; default {@code memory}. */
    public Builder state(String spec) {
      this.state = spec;
      return this;
    }

    /** The blob store spec; default beside a SQLite state store, or a temporary directory. */
    public Builder blobs(String spec) {
      this.blobs = spec;
      return this;
    }

    /** What the cloud charges; default {@link Prices#free()}. */
    public Builder prices(Prices prices) {
      this.prices = prices;
      return this;
    }

    /** Limits and default function size; default {@link Limits#defaults()}. */
    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    /** Adds a function profile (a later one of the same name replaces it). */
    public Builder profile(Profile profile) {
      profiles.put(profile.name(), profile);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidCloudsException listing every problem
     */
    public CloudSpec build() {
      return new CloudSpec(name, compute, state, blobs, prices, limits, profiles);
    }
  }
}
