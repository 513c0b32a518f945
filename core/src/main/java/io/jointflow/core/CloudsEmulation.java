package io.jointflow.core;

import io.jointflow.cloud.CloudSpec;
import io.jointflow.cloud.Clouds;
import io.jointflow.cloud.Fault;
import io.jointflow.cloud.Link;
import java.time.Duration;
import java.util.List;

/**
 * The {@link Emulation} a {@code clouds.yaml} describes: one-way latency, jitter and bandwidth of
 * each link and inside each cloud, each cloud's cold starts and async payload limit, and the fault
 * schedule.
 *
 * <p>Latency and cold starts are emulated only for clouds whose compute is emulated ({@code local},
 * {@code worker}): a real cloud ({@code aws-lambda}, {@code aliyun-fc}, {@code http}) has a network
 * and cold starts of its own, so its inside latency, its cold start and every link that touches it
 * add nothing. Payload limits and injected faults apply to every cloud.
 */
final class CloudsEmulation {
  private CloudsEmulation() {}

  static Emulation of(Clouds clouds) {
    Emulation.Builder b = Emulation.builder();
    List<String> names = List.copyOf(clouds.clouds().keySet());
    for (String name : names) {
      CloudSpec c = clouds.clouds().get(name);
      boolean emulated = c.compute().type().isEmulated();
      Duration inside = clouds.link(name, name).latency();
      if (emulated && !inside.isZero()) {
        b.latency(name, name, inside);
      }
      if (emulated && c.compute().coldStart() != null && !c.compute().coldStart().isZero()) {
        b.coldStart(name, c.compute().keepAlive(), c.compute().coldStart());
      }
      b.payloadLimit(name, c.limits().asyncPayload());
    }
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        if (!emulated(clouds, names.get(i)) || !emulated(clouds, names.get(j))) {
          continue; // the real network lies between them
        }
        Link l = clouds.link(names.get(i), names.get(j));
        b.link(names.get(i), names.get(j), new Emulation.Link(l.latency(), l.jitter() == null ? Duration.ZERO : l.jitter(),
            l.bandwidth()));
      }
    }
    for (Fault f : clouds.faults()) {
      b.fault(switch (f) {
        case Fault.Outage o -> new Emulation.Fault(o.cloud(), Emulation.FaultKind.OUTAGE, o.from(), o.to(), 0, null);
        case Fault.StoreOutage o -> new Emulation.Fault(o.cloud(), Emulation.FaultKind.STORE_OUTAGE, o.from(), o.to(), 0,
            null);
        case Fault.ErrorRate e -> new Emulation.Fault(e.cloud(), Emulation.FaultKind.ERROR_RATE, e.from(), e.to(),
            e.rate(), null);
        case Fault.LatencySpike s -> new Emulation.Fault(s.cloud(), Emulation.FaultKind.LATENCY_SPIKE, s.from(), s.to(),
            0, s.extra());
      });
    }
    return b.build();
  }

  private static boolean emulated(Clouds clouds, String name) {
    return clouds.clouds().get(name).compute().type().isEmulated();
  }
}
