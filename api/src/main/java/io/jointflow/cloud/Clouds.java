package io.jointflow.cloud;

import io.jointflow.app.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The clouds a deployment spans, as a {@code clouds.yaml} file describes them: each cloud's
 * compute, stores, prices, limits and profiles; the network between them; faults to inject; and
 * how requests between them are signed. Immutable and always valid: the constructor checks the
 * parts against each other and reports every problem at once.
 *
 * <p>Built with {@link #builder()} or loaded from YAML/JSON ({@code CloudsDefinitions} in the
 * definition module). Apps name its clouds in their placement; {@link Deployment#check} checks an
 * app against it.
 *
 * @param clouds the clouds by name, in definition order
 * @param network latency and bandwidth inside and between the clouds
 * @param faults faults to inject, in definition order
 * @param signing how requests between clouds are signed
 * @throws InvalidCloudsException listing every problem: no clouds, a network or fault naming an
 *     unknown cloud, a pair of clouds without a link, a link defined twice
 */
public record Clouds(Map<String, CloudSpec> clouds, Network network, List<Fault> faults, Signing signing) {

  public Clouds {
    clouds = Collections.unmodifiableMap(new LinkedHashMap<>(clouds));
    Objects.requireNonNull(network, "network");
    faults = List.copyOf(faults);
    Objects.requireNonNull(signing, "signing");
    List<Problem> problems = CloudsValidator.problems(new LinkedHashSet<>(clouds.keySet()), clouds,
        network, faults);
    if (!problems.isEmpty()) {
      throw new InvalidCloudsException(problems);
    }
  }

  /** Starts a definition. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cloud with that name.
   *
   * @throws IllegalArgumentException naming the clouds there are
   */
  public CloudSpec cloud(String name) {
    CloudSpec c = clouds.get(name);
    if (c == null) {
      throw new IllegalArgumentException("cloud '" + name + "' is unknown (clouds: "
          + CloudsValidator.list(clouds.keySet()) + ")");
    }
    return c;
  }

  /**
   * The network from one cloud to another: their link, or for one cloud to itself a link with its
   * inside latency, no jitter and unlimited bandwidth.
   *
   * @throws IllegalArgumentException for an unknown cloud, naming the clouds there are
   */
  public Link link(String from, String to) {
    cloud(from);
    cloud(to);
    if (from.equals(to)) {
      return Link.between(from, to, network.inside().getOrDefault(from, Duration.ZERO));
    }
    return network.links().stream().filter(l -> l.joins(from, to)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no link between " + from + " and " + to));
  }

  /** Collects a clouds definition and validates it as a whole in {@link #build()}. Not thread safe. */
  public static final class Builder {
    private final Map<String, CloudSpec> clouds = new LinkedHashMap<>();
    private final Set<String> broken = new LinkedHashSet<>();
    private final Check check = new Check();
    private Duration insideAll;
    private final Map<String, Duration> inside = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private Signing signing = Signing.defaults();

    Builder() {}

    /**
     * Adds a cloud; {@code spec} sets its compute, stores, prices, limits and profiles. A part that
     * is invalid (its own builder throws) is reported by {@link #build()} with the others.
     */
    public Builder cloud(String name, Consumer<CloudSpec.Builder> spec) {
      CloudSpec.Builder b = CloudSpec.builder(name);
      try {
        spec.accept(b);
      } catch (InvalidCloudsException e) {
        e.problems().forEach(p -> check.add("clouds." + name, "cloud '" + name + "' " + p.message()));
        broken.add(name);
        return this;
      }
      CloudSpec built = check.part("clouds." + name, "", b::build);
      if (built == null) {
        broken.add(name);
        return this;
      }
      return cloud(built);
    }

    /** Adds a built cloud. */
    public Builder cloud(CloudSpec cloud) {
      if (clouds.putIfAbsent(cloud.name(), cloud) != null || broken.contains(cloud.name())) {
        check.add("clouds." + cloud.name(), "cloud '" + cloud.name() + "' is defined twice");
      }
      return this;
    }

    /** One-way latency inside every cloud (a cloud given its own by {@link #inside(String, Duration)} keeps it). */
    public Builder inside(Duration latency) {
      this.insideAll = latency;
      return this;
    }

    /** One-way latency inside one cloud. */
    public Builder inside(String cloud, Duration latency) {
      inside.put(cloud, latency);
      return this;
    }

    /** Adds the link between two clouds; every pair of clouds needs one. */
    public Builder link(Link link) {
      links.add(link);
      return this;
    }

    /** Adds a fault to inject. */
    public Builder fault(Fault fault) {
      faults.add(fault);
      return this;
    }

    /** How requests between clouds are signed; default {@link Signing#defaults()}. */
    public Builder signing(Signing signing) {
      this.signing = Objects.requireNonNull(signing, "signing");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidCloudsException listing every problem, with paths in the keys of a clouds file
     */
    public Clouds build() {
      Check all = new Check();
      check.problems().forEach(p -> all.add(p.path(), p.message()));
      Map<String, Duration> latencies = new LinkedHashMap<>();
      if (insideAll != null) {
        clouds.keySet().forEach(c -> latencies.put(c, insideAll));
        broken.forEach(c -> latencies.put(c, insideAll));
      }
      latencies.putAll(inside);
      Network network = all.part("network", "", () -> new Network(latencies, links));
      if (network == null) {
        network = Network.none();
      }
      Set<String> known = new LinkedHashSet<>(clouds.keySet());
      known.addAll(broken);
      CloudsValidator.problems(known, clouds, network, faults).forEach(p -> all.add(p.path(), p.message()));
      all.throwIfAny();
      return new Clouds(clouds, network, faults, signing);
    }
  }
}
