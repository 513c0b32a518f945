package io.jointflow.cloud;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The network between and inside clouds, for emulation and planning. {@link Clouds} checks that it
 * names only its clouds, gives every cloud an inside latency and every pair of clouds a link.
 *
 * @param inside one-way latency between two hosts of the same cloud (and to its own stores), by cloud
 * @param links the links between clouds, one per pair
 * @throws InvalidCloudsException listing every problem
 */
public record Network(Map<String, Duration> inside, List<Link> links) {
  public Network {
    inside = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inside, "inside")));
    links = List.copyOf(links);
    Check check = new Check();
    inside.forEach((cloud, latency) -> {
      if (latency == null || latency.isNegative()) {
        check.add("inside." + cloud, "network inside latency of cloud '" + cloud
            + "' must be a duration >= 0: " + latency);
      }
    });
    check.throwIfAny();
  }

  /** No latency anywhere and no links: a single cloud, or clouds whose figures do not matter. */
  public static Network none() {
    return new Network(Map.of(), List.of());
  }
}
