package io.jointflow.examples;

import io.jointflow.function.Call;
import io.jointflow.function.Obj;
import io.jointflow.function.TerminalException;

/**
 * Reads the numbers the examples take from their configuration and inputs, failing the run (without
 * retrying: a bad parameter stays bad) with a message that names the parameter and the value.
 */
public final class Params {
  private Params() {}

  /**
   * An integer from the function's {@code config}, or {@code fallback} when it is not set.
   *
   * @throws TerminalException if it is not an integer or is below {@code min}
   */
  public static int config(Call call, String name, int fallback, int min) {
    String text = call.config().get(name);
    if (text == null) {
      return fallback;
    }
    return (int) parse("function '" + call.function() + "' config '" + name + "'", text, min,
        Integer.MAX_VALUE);
  }

  /**
   * An input object read as an integer in {@code [min, max]}.
   *
   * @throws TerminalException if the run has no such input, or it is not such an integer
   */
  public static long input(Call call, String key, long min, long max) {
    for (Obj o : call.inputs()) {
      if (o.key().equals(key)) {
        return number(o, min, max);
      }
    }
    throw new TerminalException("input '" + key + "' is missing (inputs: "
        + String.join(", ", call.inputs().stream().map(Obj::key).toList()) + ")");
  }

  /**
   * An object read as an integer in {@code [min, max]} (text like {@code 42}).
   *
   * @throws TerminalException if it is not such an integer
   */
  public static long number(Obj obj, long min, long max) {
    return parse("input '" + obj.key() + "'", obj.text(), min, max);
  }

  private static long parse(String what, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new TerminalException(what + " must be an integer: '" + abbreviate(text) + "'");
    }
    if (value < min || value > max) {
      throw new TerminalException(what + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
