package io.jointflow.core;

import io.jointflow.spi.Environment;
import java.time.Duration;

/**
 * Applies an {@link Emulation} for one host: knows the cloud the calling code runs in (set while a
 * step executes on a cloud; otherwise the host's own cloud, whose calls are not delayed), the time
 * since the host started (fault
 * windows count from there), and turns a call into the delay and failure it would have between
 * clouds. Used by the emulated backend and stores.
 */
final class Emulator {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final Emulation emulation;
  private final Environment env;
  private final String home;
  private final long startNanos;

  Emulator(Emulation emulation, Environment env, String home) {
    this.emulation = emulation;
    this.env = env;
    this.home = home;
    this.startNanos = env.nanoTime();
  }

  Emulation emulation() {
    return emulation;
  }

  Environment env() {
    return env;
  }

  /** Runs {@code body} as code running in {@code cloud}. */
  static void in(String cloud, Runnable body) {
    String outer = CURRENT.get();
    CURRENT.set(cloud);
    try {
      body.run();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** Whether the calling code is a step running in a cloud (only those calls are delayed). */
  boolean inStep() {
    return CURRENT.get() != null;
  }

  /** The cloud the calling code runs in. */
  String current() {
    String c = CURRENT.get();
    return c != null ? c : home;
  }

  Duration since() {
    return Duration.ofNanos(env.nanoTime() - startNanos);
  }

  /** Whether {@code cloud}'s compute is in an outage window now. */
  boolean down(String cloud) {
    return emulation.active(cloud, Emulation.FaultKind.OUTAGE, since()) != null;
  }

  /** Whether {@code cloud}'s state store is in an outage window now. */
  boolean storeDown(String cloud) {
    return emulation.active(cloud, Emulation.FaultKind.STORE_OUTAGE, since()) != null;
  }

  /** Whether an invocation to {@code cloud} is refused now by its error rate. */
  boolean refuses(String cloud) {
    Emulation.Fault f = emulation.active(cloud, Emulation.FaultKind.ERROR_RATE, since());
    return f != null && env.random().nextDouble() < f.rate();
  }

  /** One-way delay from the calling code's cloud to {@code cloud} for {@code bytes}. */
  Duration oneWay(String cloud, long bytes) {
    return emulation.oneWay(current(), cloud, bytes, env.random(), since());
  }

  /**
   * Waits a round trip to {@code cloud} carrying {@code bytes}, if the caller is a step running in
   * a cloud. Calls from outside any step (a client starting or following a run, the sweeper,
   * clean-up) are not delayed: they are off the runs' critical paths, and a test that drives the
   * manual clock from its own thread must not wait on that clock.
   */
  void roundTrip(String cloud, long bytes) {
    if (!inStep()) {
      return;
    }
    Duration there = oneWay(cloud, bytes);
    Duration back = oneWay(cloud, 0);
    env.sleep(there.plus(back));
  }
}
