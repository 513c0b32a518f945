package io.jointflow.examples.workloads;

import io.jointflow.function.Call;
import io.jointflow.function.TerminalException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long a workload's function takes on each cloud, and the waiting that makes it take that long.
 *
 * <p>A function's config key {@value #CONFIG} lists its duration per cloud, e.g. {@code "aws=840ms
 * ali=120ms"} for a model step that runs on a CPU in {@code aws} and on a GPU in {@code ali}
 * (Jointλ, Fig. 1: BERT on a GPU function up to 7x faster than on a CPU one). The handler really
 * computes its result, then {@link #run} waits out the rest of the duration listed for the cloud it
 * runs on ({@link Call#cloud()}). A cloud the list does not name (and {@code local}, an embedded
 * run without clouds) adds no waiting: the function runs as fast as it computes. When the real
 * computation takes longer than the listed duration, nothing is added.
 */
public final class EmulatedTime {
  /** The config key of the per-cloud durations. */
  public static final String CONFIG = "time";

  private EmulatedTime() {}

  /**
   * Runs {@code body}, then sleeps until the duration the function's {@value #CONFIG} lists for the
   * cloud it runs on has passed since this call began.
   *
   * @throws TerminalException if the {@value #CONFIG} config is malformed
   */
  public static <T> T run(Call call, Supplier<T> body) {
    long t0 = System.nanoTime();
    T result = body.get();
    Duration target = of(call);
    long left = target.toNanos() - (System.nanoTime() - t0);
    if (left > 0) {
      try {
        Thread.sleep(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TerminalException("function '" + call.function() + "' was interrupted while emulating its duration");
      }
    }
    return result;
  }

  /** The duration listed for the call's cloud, or zero. */
  public static Duration of(Call call) {
    String text = call.config().get(CONFIG);
    if (text == null) {
      return Duration.ZERO;
    }
    try {
      return parse(text).getOrDefault(call.cloud(), Duration.ZERO);
    } catch (IllegalArgumentException e) {
      throw new TerminalException("function '" + call.function() + "' config '" + CONFIG + "' " + e.getMessage());
    }
  }

  /**
   * Parses {@code "aws=840ms ali=120ms"} (pairs separated by spaces or commas; durations in
   * {@code ms} or {@code s}, whole numbers) into an ordered map.
   *
   * @throws IllegalArgumentException naming the bad pair
   */
  public static Map<String, Duration> parse(String text) {
    Map<String, Duration> out = new LinkedHashMap<>();
    for (String pair : text.trim().split("[\\s,]+")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("must list cloud=duration pairs like 'aws=40ms ali=6ms': '" + pair + "'");
      }
      out.put(pair.substring(0, eq), duration(pair.substring(eq + 1), pair));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The inverse of {@link #parse}: {@code "aws=840ms ali=120ms"}. */
  public static String format(Map<String, Duration> times) {
    StringBuilder b = new StringBuilder();
    times.forEach((cloud, d) -> b.append(b.isEmpty() ? "" : " ").append(cloud).append('=').append(d.toMillis()).append("ms"));
    return b.toString();
  }

  private static Duration duration(String text, String pair) {
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("has a duration that is not a whole number of ms or s: '" + pair + "'");
  }
}
