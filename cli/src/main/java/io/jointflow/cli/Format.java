package io.jointflow.cli;

import io.jointflow.core.FunctionSummary;
import io.jointflow.core.RunInfo;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, durations, results and tables. */
final class Format {
  private Format() {}

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", n / (1024.0 * 1024 * 1024));
  }

  static String duration(Duration d) {
    long us = d.toNanos() / 1000;
    if (us < 1000) {
      return us + " us";
    }
    if (us < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2f s", us / 1_000_000.0);
  }

  /** The result as text when it is valid UTF-8, else a note about its size. */
  static String result(byte[] result) {
    if (result == null) {
      return "(no result)";
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(result)).toString();
    } catch (CharacterCodingException e) {
      return "(binary result, " + bytes(result.length) + ")";
    }
  }

  static String abbreviate(String s, int max) {
    if (s == null) {
      return "";
    }
    String one = s.replace('\n', ' ');
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }

  /** The per-function summary as a table. */
  static void summary(RunInfo info, PrintWriter out) {
    if (info.functions().isEmpty()) {
      return;
    }
    int w = Math.max(8, info.functions().stream().mapToInt(f -> f.function().length()).max().orElse(8));
    out.printf(Locale.ROOT, "  %-" + w + "s %10s %12s %10s %10s%n", "function", "instances", "time", "in", "out");
    for (FunctionSummary f : info.functions()) {
      out.printf(Locale.ROOT, "  %-" + w + "s %10d %12s %10s %10s%n", f.function(), f.instances(),
          duration(f.time()), bytes(f.bytesIn()), bytes(f.bytesOut()));
    }
  }
}
