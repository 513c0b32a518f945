package io.jointflow.cloud;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as a clouds file writes them: {@code 256KB}, {@code 512MB}, {@code 8GB}, or a bare
 * number of bytes. Units are binary, as the clouds' own limits are: 1KB = 1024 bytes, so Lambda's
 * 256 KB async payload is {@code 256KB} = 262144. {@code KiB}, {@code MiB}, {@code GiB} and
 * {@code TiB} mean the same.
 */
public final class Sizes {
  /** The forms, for messages. */
  public static final String FORMS = "a whole number with B, KB, MB, GB or TB (1KB = 1024 bytes), like 256KB or 8GB";

  /** One kibibyte, the unit of {@code KB}. */
  public static final long KB = 1024;
  /** One mebibyte, the unit of {@code MB}. */
  public static final long MB = KB * 1024;
  /** One gibibyte, the unit of {@code GB} and of prices per GB. */
  public static final long GB = MB * 1024;

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB)?");

  private Sizes() {}

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException naming the value and the {@link #FORMS}
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(String.valueOf(text).trim().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("size '" + text + "' is invalid: use " + FORMS);
    }
    long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "B" -> 1;
      case "KB", "KIB" -> KB;
      case "MB", "MIB" -> MB;
      case "GB", "GIB" -> GB;
      default -> GB * 1024;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("size '" + text + "' is too large", e);
    }
  }

  /** The largest unit that writes {@code bytes} exactly: {@code 262144} gives {@code 256KB}. */
  public static String format(long bytes) {
    String[] units = {"TB", "GB", "MB", "KB"};
    long unit = GB * 1024;
    for (String u : units) {
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + u;
      }
      unit /= 1024;
    }
    return bytes + "B";
  }
}
