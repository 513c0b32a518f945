package io.jointflow.worker;

import io.jointflow.spi.Environment;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A log that reports the first event of each kind, then at most one per interval with the number
 * suppressed meanwhile, so that a flood of bad requests cannot flood the log. Kinds must be a small
 * fixed set (reasons, known functions): one counter is kept per kind. Thread safe.
 */
final class OncePerIntervalLog {
  private final System.Logger log;
  private final Environment env;
  private final long intervalNanos;
  private final String suffix;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  private static final class Kind {
    boolean reported;
    long lastNanos;
    long suppressed;
  }

  OncePerIntervalLog(System.Logger log, Environment env, Duration interval) {
    this.log = log;
    this.env = env;
    this.intervalNanos = interval.toNanos();
    this.suffix = "; more like it are reported at most every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  /** Logs {@code message} unless an event of this kind was reported within the interval. */
  void event(String kind, Level level, String message, Throwable thrown) {
    Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
    long suppressed;
    boolean first;
    synchronized (k) {
      long now = env.nanoTime();
      if (k.reported && now - k.lastNanos < intervalNanos) {
        k.suppressed++;
        return;
      }
      first = !k.reported;
      suppressed = k.suppressed;
      k.reported = true;
      k.lastNanos = now;
      k.suppressed = 0;
    }
    String text = message + (first ? suffix : "; " + suppressed + " more like it since the last report");
    if (thrown == null) {
      log.log(level, text);
    } else {
      log.log(level, text, thrown);
    }
  }
}
