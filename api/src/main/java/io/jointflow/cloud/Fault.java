package io.jointflow.cloud;

import io.jointflow.app.Names;
import java.time.Duration;
import java.util.List;

/**
 * A fault injected into one cloud during a window of time measured from the start of the
 * deployment (the emulation's clock): invocations into the cloud fail ({@link Outage}), fail at a
 * rate ({@link ErrorRate}), or take longer ({@link LatencySpike}). Faults are injected on the
 * caller's side, so they work against real clouds too: a failed invocation fails over to the next
 * cloud of the function's placement. Windows may overlap.
 */
public sealed interface Fault {
  /** Every kind's YAML spelling. */
  List<String> KINDS = List.of("outage", "store-outage", "error-rate", "latency-spike");

  /** The cloud it affects. */
  String cloud();

  /** When it begins, from the start of the deployment. */
  Duration from();

  /** When it ends (exclusive). */
  Duration to();

  /** The YAML spelling of the kind. */
  String kind();

  /** True if the fault is in effect at {@code sinceStart}: {@code from <= sinceStart < to}. */
  default boolean activeAt(Duration sinceStart) {
    return sinceStart.compareTo(from()) >= 0 && sinceStart.compareTo(to()) < 0;
  }

  /** Every invocation into {@code cloud} fails in the window. */
  static Outage outage(String cloud, Duration from, Duration to) {
    return new Outage(cloud, from, to);
  }

  /** The state store of {@code cloud} answers nothing in the window. */
  static StoreOutage storeOutage(String cloud, Duration from, Duration to) {
    return new StoreOutage(cloud, from, to);
  }

  /** Each invocation into {@code cloud} fails with probability {@code rate} in the window. */
  static ErrorRate errorRate(String cloud, Duration from, Duration to, double rate) {
    return new ErrorRate(cloud, from, to, rate);
  }

  /** Each invocation into {@code cloud} takes {@code extra} longer in the window. */
  static LatencySpike latencySpike(String cloud, Duration from, Duration to, Duration extra) {
    return new LatencySpike(cloud, from, to, extra);
  }

  /**
   * The cloud is down: invocations into it fail in the window (as in Jointλ's failover
   * experiment, an outage from second 10 to second 20).
   *
   * @throws InvalidCloudsException listing every problem
   */
  record Outage(String cloud, Duration from, Duration to) implements Fault {
    public Outage {
      window(new Check(), "outage", cloud, from, to).throwIfAny();
    }

    @Override
    public String kind() {
      return "outage";
    }
  }

  /**
   * The cloud's state store is unreachable: steps whose records live there wait and resume when it
   * is back (nothing is lost); failover does not help them, since a function's records stay in its
   * primary cloud.
   *
   * @throws InvalidCloudsException listing every problem
   */
  record StoreOutage(String cloud, Duration from, Duration to) implements Fault {
    public StoreOutage {
      window(new Check(), "store-outage", cloud, from, to).throwIfAny();
    }

    @Override
    public String kind() {
      return "store-outage";
    }
  }

  /**
   * A fraction of the invocations into the cloud fail.
   *
   * @param rate the probability that one invocation fails, in (0, 1]
   * @throws InvalidCloudsException listing every problem
   */
  record ErrorRate(String cloud, Duration from, Duration to, double rate) implements Fault {
    public ErrorRate {
      Check check = window(new Check(), "error-rate", cloud, from, to);
      if (!(rate > 0 && rate <= 1)) {
        check.add("rate", "error-rate of cloud '" + cloud + "' needs a rate in (0, 1]: " + rate);
      }
      check.throwIfAny();
    }

    @Override
    public String kind() {
      return "error-rate";
    }
  }

  /**
   * Invocations into the cloud are delayed.
   *
   * @param extra added to every invocation's latency, at least 1 ms
   * @throws InvalidCloudsException listing every problem
   */
  record LatencySpike(String cloud, Duration from, Duration to, Duration extra) implements Fault {
    public LatencySpike {
      Check check = window(new Check(), "latency-spike", cloud, from, to);
      if (extra == null || extra.toMillis() < 1) {
        check.add("extra", "latency-spike of cloud '" + cloud + "' needs extra of at least 1ms: " + extra);
      }
      check.throwIfAny();
    }

    @Override
    public String kind() {
      return "latency-spike";
    }
  }

  private static Check window(Check check, String kind, String cloud, Duration from, Duration to) {
    String what = kind + " of cloud '" + cloud + "'";
    if (!Names.isValidName(cloud)) {
      check.add("cloud", kind + " names an invalid cloud '" + cloud + "': " + Names.NAME_RULE);
    }
    if (from == null || from.isNegative()) {
      check.add("from", what + " must start at a duration >= 0: " + from);
    } else if (to == null || to.compareTo(from) <= 0) {
      check.add("to", what + " must end after it starts: from " + from.toMillis() + "ms, to "
          + (to == null ? null : to.toMillis() + "ms"));
    }
    return check;
  }
}
