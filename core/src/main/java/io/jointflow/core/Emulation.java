package io.jointflow.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How in-process emulation makes several clouds differ (DESIGN section 6): one-way latency, jitter
 * and bandwidth between clouds (and inside one), cold starts after a keep-alive window, async
 * payload limits, and faults on a schedule (outage windows, error rates, latency spikes). Times of
 * faults count from the start of the host. Immutable; build with {@link #builder()}.
 */
public final class Emulation {
  /**
   * The network between two clouds (or inside one).
   *
   * @param latency one-way delay
   * @param jitter a uniformly random extra delay of up to this much
   * @param bytesPerSecond transfer rate for payloads; 0 for unlimited
   */
  public record Link(Duration latency, Duration jitter, long bytesPerSecond) {
    /** Validates. */
    public Link {
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(jitter, "jitter");
      if (latency.isNegative() || jitter.isNegative() || bytesPerSecond < 0) {
        throw new IllegalArgumentException("link latency, jitter and bandwidth must not be negative: " + latency
            + ", " + jitter + ", " + bytesPerSecond);
      }
    }

    static final Link NONE = new Link(Duration.ZERO, Duration.ZERO, 0);
  }

  /** Kinds of injected faults. */
  public enum FaultKind {
    /**
     * The cloud's compute accepts no invocations (Jointλ's failover experiment): callers fail over
     * to the next cloud of a function's placement.
     */
    OUTAGE,
    /**
     * The cloud's state store answers nothing: steps whose records live there wait (retrying) and
     * resume when it is back; nothing is lost.
     */
    STORE_OUTAGE,
    /** Invocations are refused with probability {@code rate}. */
    ERROR_RATE,
    /** Every call to the cloud takes {@code extra} longer. */
    LATENCY_SPIKE
  }

  /**
   * A fault of one cloud during [{@code from}, {@code to}) since the host started.
   *
   * @param rate for {@link FaultKind#ERROR_RATE}: the probability of a refusal
   * @param extra for {@link FaultKind#LATENCY_SPIKE}: the added delay
   * @param function for {@link FaultKind#OUTAGE}: the one function whose invocations the cloud
   *     refuses (Jointλ's failover experiment names a function that does not exist), or {@code
   *     null} for all of them
   */
  public record Fault(String cloud, FaultKind kind, Duration from, Duration to, double rate, Duration extra,
      String function) {
    /** Validates. */
    public Fault {
      Objects.requireNonNull(cloud, "cloud");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      extra = extra == null ? Duration.ZERO : extra;
      if (to.compareTo(from) <= 0) {
        throw new IllegalArgumentException("fault of cloud '" + cloud + "' ends before it starts: " + from + " to " + to);
      }
      if (rate < 0 || rate > 1) {
        throw new IllegalArgumentException("fault of cloud '" + cloud + "' has an error rate outside 0..1: " + rate);
      }
      if (function != null && kind != FaultKind.OUTAGE) {
        throw new IllegalArgumentException("fault of cloud '" + cloud + "' names function '" + function
            + "', which only an outage can: " + kind);
      }
    }

    /** A fault of the whole cloud. */
    public Fault(String cloud, FaultKind kind, Duration from, Duration to, double rate, Duration extra) {
      this(cloud, kind, from, to, rate, extra, null);
    }

    boolean activeAt(Duration since) {
      return since.compareTo(from) >= 0 && since.compareTo(to) < 0;
    }
  }

  /**
   * Cold starts of a cloud: an instance idle for longer than {@code keepAlive} starts cold, which
   * takes {@code duration} more.
   */
  public record ColdStart(Duration keepAlive, Duration duration) {
    /** Validates. */
    public ColdStart {
      Objects.requireNonNull(keepAlive, "keepAlive");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** What an {@link Applied} delay was applied to. */
  public enum Effect {
    /** A state-store call from a cloud to a cloud's store: a round trip. */
    STORE_CALL,
    /** An invocation on its way to its cloud: one one-way delay, plus a cold start if it started cold. */
    DELIVERY,
    /** The caller waiting for its invocation to be accepted: a round trip, beside the delivery. */
    ACCEPTANCE,
    /** An invocation refused by an outage or error rate: the round trip that brought the refusal back. */
    REFUSAL
  }

  /**
   * A delay the emulation applied, as an {@link Observer} sees it.
   *
   * @param from the cloud of the calling code
   * @param to the cloud called
   * @param delay what was applied: zero for calls from outside a step (clients, sweeps, clean-up),
   *     which are not delayed
   * @param caller the instance id of the step that made the call, or {@code null} outside a step
   * @param subject the key of a store call (a batch's first key), or the invoked instance's id
   * @param nanoTime when the delay began, by the environment's {@code nanoTime}
   */
  public record Applied(Effect effect, String from, String to, Duration delay, String caller, String subject,
      long nanoTime) {}

  /**
   * Sees every delay the emulation applies (benchmarks use it to know the network delay on a run's
   * critical path instead of assuming it). Called on the calling thread before the delayed call
   * goes on (a store call reaches the real store on the same thread right after); must be quick
   * and thread safe.
   */
  @FunctionalInterface
  public interface Observer {
    /** One applied delay. */
    void applied(Applied applied);
  }

  private final Map<String, Link> links;
  private final Map<String, ColdStart> coldStarts;
  private final Map<String, Long> payloadLimits;
  private final List<Fault> faults;
  private final Observer observer;

  private Emulation(Builder b) {
    this.links = Map.copyOf(b.links);
    this.coldStarts = Map.copyOf(b.coldStarts);
    this.payloadLimits = Map.copyOf(b.payloadLimits);
    this.faults = List.copyOf(b.faults);
    this.observer = b.observer;
  }

  /** This emulation with {@code observer} told of every delay it applies. */
  public Emulation withObserver(Observer observer) {
    Builder b = new Builder();
    b.links.putAll(links);
    b.coldStarts.putAll(coldStarts);
    b.payloadLimits.putAll(payloadLimits);
    b.faults.addAll(faults);
    b.observer = Objects.requireNonNull(observer, "observer");
    return b.build();
  }

  /** The observer, or null. */
  Observer observer() {
    return observer;
  }

  /** An emulation without delays, cold starts, limits or faults. */
  public static Emulation none() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  private static String pair(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  /** The network between {@code from} and {@code to} (the same cloud: inside it). */
  Link link(String from, String to) {
    return links.getOrDefault(pair(from, to), Link.NONE);
  }

  /** One-way delay of a message of {@code bytes} from one cloud to another, with jitter and spikes. */
  Duration oneWay(String from, String to, long bytes, RandomGenerator random, Duration since) {
    Link l = link(from, to);
    long nanos = l.latency().toNanos();
    if (!l.jitter().isZero()) {
      nanos += (long) (random.nextDouble() * l.jitter().toNanos());
    }
    if (l.bytesPerSecond() > 0 && bytes > 0) {
      nanos += bytes * 1_000_000_000L / l.bytesPerSecond();
    }
    for (Fault f : faults) {
      if (f.kind() == FaultKind.LATENCY_SPIKE && f.cloud().equals(to) && f.activeAt(since)) {
        nanos += f.extra().toNanos();
      }
    }
    return Duration.ofNanos(nanos);
  }

  /** The active fault of a kind for a whole cloud, or null. */
  Fault active(String cloud, FaultKind kind, Duration since) {
    return active(cloud, kind, null, since);
  }

  /** The active fault of a kind for a cloud, of the whole cloud or of {@code function} there, or null. */
  Fault active(String cloud, FaultKind kind, String function, Duration since) {
    for (Fault f : faults) {
      if (f.kind() == kind && f.cloud().equals(cloud) && f.activeAt(since)
          && (f.function() == null || f.function().equals(function))) {
        return f;
      }
    }
    return null;
  }

  ColdStart coldStart(String cloud) {
    return coldStarts.get(cloud);
  }

  /** The largest async payload a cloud accepts, or {@link Long#MAX_VALUE}. */
  long payloadLimit(String cloud) {
    return payloadLimits.getOrDefault(cloud, Long.MAX_VALUE);
  }

  /** Whether anything at all is emulated (or observed). */
  boolean isNone() {
    return links.isEmpty() && coldStarts.isEmpty() && payloadLimits.isEmpty() && faults.isEmpty() && observer == null;
  }

  /** Builds an {@link Emulation}; each setter validates its values. */
  public static final class Builder {
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, ColdStart> coldStarts = new HashMap<>();
    private final Map<String, Long> payloadLimits = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private Observer observer;

    private Builder() {}

    /** The network between two clouds (symmetric); the same cloud twice: inside it. */
    public Builder link(String a, String b, Link link) {
      links.put(pair(Objects.requireNonNull(a, "cloud"), Objects.requireNonNull(b, "cloud")),
          Objects.requireNonNull(link, "link"));
      return this;
    }

    /** A one-way latency between two clouds, without jitter or bandwidth limit. */
    public Builder latency(String a, String b, Duration oneWay) {
      return link(a, b, new Link(oneWay, Duration.ZERO, 0));
    }

    /** Cold starts of a cloud. */
    public Builder coldStart(String cloud, Duration keepAlive, Duration duration) {
      coldStarts.put(Objects.requireNonNull(cloud, "cloud"), new ColdStart(keepAlive, duration));
      return this;
    }

    /** The largest async payload a cloud accepts (Lambda 256 KB, Function Compute 128 KB). */
    public Builder payloadLimit(String cloud, long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("payload limit of cloud '" + cloud + "' must be positive: " + bytes);
      }
      payloadLimits.put(Objects.requireNonNull(cloud, "cloud"), bytes);
      return this;
    }

    /** A fault. */
    public Builder fault(Fault fault) {
      faults.add(Objects.requireNonNull(fault, "fault"));
      return this;
    }

    /** A window in which a cloud's compute accepts no invocations. */
    public Builder outage(String cloud, Duration from, Duration to) {
      return fault(new Fault(cloud, FaultKind.OUTAGE, from, to, 0, null));
    }

    /**
     * A window in which a cloud's compute refuses the invocations of one function (the others run):
     * callers fail over to the next cloud of its placement.
     */
    public Builder outage(String cloud, String function, Duration from, Duration to) {
      return fault(new Fault(cloud, FaultKind.OUTAGE, from, to, 0, null, Objects.requireNonNull(function, "function")));
    }

    /** Tells {@code observer} of every delay applied; default none. */
    public Builder observer(Observer observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** A window in which a cloud's state store is unreachable. */
    public Builder storeOutage(String cloud, Duration from, Duration to) {
      return fault(new Fault(cloud, FaultKind.STORE_OUTAGE, from, to, 0, null));
    }

    /** The emulation. */
    public Emulation build() {
      return new Emulation(this);
    }
  }
}
