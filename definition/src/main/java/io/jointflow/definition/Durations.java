package io.jointflow.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration forms of a definition: {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h},
 * ISO-8601, and bare milliseconds.
 */
final class Durations {
  /** The forms, for messages. */
  static final String FORMS = "500ms, 3s, 2m, 1h, ISO-8601 like PT3S, or a number of milliseconds";

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses one duration. Sign and range are left to the consumer, which knows its minimum.
   *
   * @throws IllegalArgumentException if {@code text} is none of the {@link #FORMS}
   */
  static Duration parse(String text) {
    String s = text.trim();
    Matcher m = SHORT.matcher(s);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      String upper = s.toUpperCase(Locale.ROOT);
      if (upper.startsWith("P") || upper.startsWith("-P")) {
        return Duration.parse(s);
      }
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "'", e);
    }
    throw new IllegalArgumentException("not a duration: '" + text + "'");
  }
}
