package io.jointflow.cloud;

import java.util.Arrays;

/**
 * How late this machine wakes a thread that sleeps or waits on a timer, learned from the wake-ups
 * it has seen, so that an emulated network delay can be applied as the network profile says and
 * not as that plus the machine's lateness. The OS's timer slack, the virtual-thread scheduler and a
 * busy CPU make every wake-up late: on the 2-core development VM, idle, a virtual thread's 2 ms
 * sleep ends 0.2 to 0.3 ms late, a platform thread's about 0.13 ms, and more under load. An
 * emulated step pays two or three such delays, so uncorrected the emulation adds about half a
 * millisecond per step that no real network has.
 *
 * <p>The correction is the 25th percentile of the last {@value #WINDOW} wake-ups' lateness (each
 * measured against what was asked, so the correction does not feed back into itself), capped at
 * half the delay: three quarters of the delays still end at or after their nominal time, and none
 * is cut by more than it was late most of the time. One instance per waiting mechanism, since
 * each has its own lateness. Thread-safe.
 */
public final class WakeUpLateness {
  static final int WINDOW = 64;
  /** A wake-up later than this (a descheduled thread, a GC pause) is counted as this late. */
  private static final long MAX_LATE_NANOS = 2_000_000;
  /** The estimate is refreshed every this many wake-ups. */
  private static final int REFRESH = 16;

  private final long[] recent = new long[WINDOW];
  private long seen;
  private volatile long estimate;

  /**
   * How long to ask the timer for, so that the wake-up comes {@code nominalNanos} from now on the
   * median: the nominal delay less the learned lateness, at most halved; 0 stays 0.
   */
  public long ask(long nominalNanos) {
    if (nominalNanos <= 0) {
      return 0;
    }
    return nominalNanos - Math.min(estimate, nominalNanos / 2);
  }

  /** Records a wake-up that was asked for {@code askedNanos} and came {@code elapsedNanos} later. */
  public void woke(long askedNanos, long elapsedNanos) {
    if (askedNanos <= 0) {
      return;
    }
    long late = Math.min(Math.max(0, elapsedNanos - askedNanos), MAX_LATE_NANOS);
    synchronized (recent) {
      recent[(int) (seen % WINDOW)] = late;
      seen++;
      if (seen % REFRESH == 0) {
        long[] sorted = Arrays.copyOf(recent, (int) Math.min(seen, WINDOW));
        Arrays.sort(sorted);
        estimate = sorted[sorted.length / 4];
      }
    }
  }

  /** The correction applied now, in nanoseconds (0 until 16 wake-ups were seen). */
  public long correctionNanos() {
    return estimate;
  }
}
