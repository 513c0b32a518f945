package io.jointflow.core;

import io.jointflow.cloud.WakeUpLateness;
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
  /** Where the calling code runs: a cloud, and the step (instance id) executing there. */
  private record Where(String cloud, String instance) {}

  private static final ThreadLocal<Where> CURRENT = new ThreadLocal<>();

  private final Emulation emulation;
  private final Environment env;
  private final String home;
  private final long startNanos;
  /**
   * The system clock's wake-up lateness, learned per mechanism and taken off each delay so that a
   * link's latency is applied as the profile says; null under any other environment (a manual
   * clock wakes sleepers when the test advances it, and its delays stay exact).
   */
  private final WakeUpLateness sleepLateness;
  private final WakeUpLateness timerLateness;

  Emulator(Emulation emulation, Environment env, String home) {
    this.emulation = emulation;
    this.env = env;
    this.home = home;
    this.startNanos = env.nanoTime();
    boolean system = env instanceof SystemEnvironment;
    this.sleepLateness = system ? new WakeUpLateness() : null;
    this.timerLateness = system ? new WakeUpLateness() : null;
  }

  Emulation emulation() {
    return emulation;
  }

  Environment env() {
    return env;
  }

  /** Runs {@code body} as code of step {@code instance} running in {@code cloud}. */
  static void in(String cloud, String instance, Runnable body) {
    Where outer = CURRENT.get();
    CURRENT.set(new Where(cloud, instance));
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

  /** {@code task} to run on another thread as code of the calling step, in its cloud (if any). */
  static Runnable carry(Runnable task) {
    Where w = CURRENT.get();
    if (w == null) {
      return task;
    }
    return () -> in(w.cloud(), w.instance(), task);
  }

  /** Whether the calling code is a step running in a cloud (only those calls are delayed). */
  boolean inStep() {
    return CURRENT.get() != null;
  }

  /** The cloud the calling code runs in. */
  String current() {
    Where w = CURRENT.get();
    return w != null ? w.cloud() : home;
  }

  /** Tells the observer, if any, of a delay applied (or, outside steps, not applied) to a call. */
  void observe(Emulation.Effect effect, String to, Duration delay, String subject, long at) {
    Emulation.Observer o = emulation.observer();
    if (o != null) {
      Where w = CURRENT.get();
      o.applied(new Emulation.Applied(effect, w != null ? w.cloud() : home, to, delay, w != null ? w.instance() : null,
          subject, at));
    }
  }

  Duration since() {
    return Duration.ofNanos(env.nanoTime() - startNanos);
  }

  /** Whether all of {@code cloud}'s compute is in an outage window now. */
  boolean down(String cloud) {
    return emulation.active(cloud, Emulation.FaultKind.OUTAGE, since()) != null;
  }

  /** Whether {@code cloud} refuses invocations of {@code function} for an outage now. */
  boolean down(String cloud, String function) {
    return emulation.active(cloud, Emulation.FaultKind.OUTAGE, function, since()) != null;
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
    roundTrip(Emulation.Effect.STORE_CALL, cloud, bytes, null);
  }

  /** {@link #roundTrip(String, long)} for a call of kind {@code effect} on {@code subject}, told to the observer. */
  void roundTrip(Emulation.Effect effect, String cloud, long bytes, String subject) {
    long at = env.nanoTime();
    if (!inStep()) {
      observe(effect, cloud, Duration.ZERO, subject, at);
      return;
    }
    Duration there = oneWay(cloud, bytes);
    Duration back = oneWay(cloud, 0);
    Duration both = there.plus(back);
    observe(effect, cloud, both, subject, at);
    sleep(both);
  }

  /** Blocks the caller for an emulated delay of {@code d}, corrected for the clock's wake-up lateness. */
  void sleep(Duration d) {
    if (sleepLateness == null || d.isZero()) {
      env.sleep(d);
      return;
    }
    long ask = sleepLateness.ask(d.toNanos());
    long t0 = env.nanoTime();
    env.sleep(Duration.ofNanos(ask));
    sleepLateness.woke(ask, env.nanoTime() - t0);
  }

  /** Runs {@code task} after an emulated delay of {@code d}, corrected for the clock's wake-up lateness. */
  void schedule(Duration d, Runnable task) {
    if (timerLateness == null) {
      env.schedule(d, task);
      return;
    }
    long ask = timerLateness.ask(d.toNanos());
    long t0 = env.nanoTime();
    env.schedule(Duration.ofNanos(ask), () -> {
      timerLateness.woke(ask, env.nanoTime() - t0);
      task.run();
    });
  }
}
