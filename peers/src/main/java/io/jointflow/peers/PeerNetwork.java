package io.jointflow.peers;

import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Link;
import java.time.Duration;

/**
 * The emulated network between the orchestrator and the functions, read from the same clouds file as
 * Jointflow's emulation: the one-way latency of the link (or inside a cloud) plus the bytes over
 * the link's bandwidth, if it has one. Jitter is not applied.
 */
public record PeerNetwork(Clouds clouds) {
  /** The one-way delay of {@code bytes} from cloud {@code from} to cloud {@code to}. */
  public Duration oneWay(String from, String to, long bytes) {
    Link l = clouds.link(from, to);
    Duration d = l.latency();
    if (l.bandwidth() > 0 && bytes > 0) {
      d = d.plusNanos(bytes * 1_000_000_000L / l.bandwidth());
    }
    return d;
  }
}
