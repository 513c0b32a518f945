package io.jointflow.cloud;

import io.jointflow.app.Names;
import java.time.Duration;
import java.util.List;

/**
 * The network between two clouds, for emulation and planning: one-way latency with jitter, and
 * bandwidth. Symmetric: the same figures apply in both directions.
 *
 * @param between the two clouds (one cloud twice for the network inside it, see {@link Clouds#link})
 * @param latency one-way latency (half the round trip)
 * @param jitter each transfer's latency varies by up to this much either way; at most {@code latency}
 * @param bandwidth bytes per second; 0 for unlimited
 * @throws InvalidCloudsException listing every problem, at the link's key ({@code jitter})
 */
public record Link(List<String> between, Duration latency, Duration jitter, long bandwidth) {
  public Link {
    between = List.copyOf(between);
    Check check = new Check();
    String what = between.size() == 2 ? "link between '" + between.get(0) + "' and '" + between.get(1) + "'" : "link";
    if (between.size() != 2) {
      check.add("between", "link must be between two clouds: " + between);
    } else {
      between.stream().filter(c -> !Names.isValidName(c)).forEach(c ->
          check.add("between", what + " names an invalid cloud '" + c + "': " + Names.NAME_RULE));
    }
    if (latency == null || latency.isNegative()) {
      check.add("latency", what + " latency must be a duration >= 0: " + latency);
    }
    if (jitter == null || jitter.isNegative()) {
      check.add("jitter", what + " jitter must be a duration >= 0: " + jitter);
    } else if (latency != null && jitter.compareTo(latency) > 0) {
      check.add("jitter", what + " jitter must not exceed its latency " + latency.toMillis() + "ms: "
          + jitter.toMillis() + "ms");
    }
    if (bandwidth < 0) {
      check.add("bandwidth", what + " bandwidth must be >= 0 bytes per second (0 = unlimited): " + bandwidth);
    }
    check.throwIfAny();
  }

  /** A link with that one-way latency, no jitter, unlimited bandwidth. */
  public static Link between(String a, String b, Duration latency) {
    return new Link(List.of(a, b), latency, Duration.ZERO, 0);
  }

  /** This link with that jitter. */
  public Link withJitter(Duration jitter) {
    return new Link(between, latency, jitter, bandwidth);
  }

  /** This link with that bandwidth in bytes per second (0 = unlimited). */
  public Link withBandwidth(long bytesPerSecond) {
    return new Link(between, latency, jitter, bytesPerSecond);
  }

  /** True if this link joins those two clouds, in either order. */
  public boolean joins(String a, String b) {
    return between.get(0).equals(a) && between.get(1).equals(b)
        || between.get(0).equals(b) && between.get(1).equals(a);
  }
}
