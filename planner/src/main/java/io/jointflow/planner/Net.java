package io.jointflow.planner;

import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Link;

/** The network model: what moving a message between two clouds adds over staying inside one. */
final class Net {
  private final Clouds clouds;

  Net(Clouds clouds) {
    this.clouds = clouds;
  }

  /** One-way latency in ms between two clouds, or inside one. */
  double latency(String a, String b) {
    return clouds.link(a, b).latency().toNanos() / 1e6;
  }

  /**
   * What an invocation from {@code a} to {@code b} carrying {@code bytes} takes over one inside
   * {@code b}: the link's one-way latency less the inside latency, plus the bytes over its bandwidth.
   */
  double cross(String a, String b, double bytes) {
    if (a.equals(b)) {
      return 0;
    }
    Link l = clouds.link(a, b);
    double transfer = l.bandwidth() > 0 ? bytes / l.bandwidth() * 1000 : 0;
    return Math.max(0, latency(a, b) - latency(b, b)) + transfer;
  }

  /** What a store call from {@code a} to a record kept in {@code s} takes over one in {@code a}: a round trip. */
  double remoteCall(String a, String s) {
    return a.equals(s) ? 0 : 2 * Math.max(0, latency(a, s) - latency(a, a));
  }
}
