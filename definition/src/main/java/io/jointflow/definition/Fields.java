package io.jointflow.definition;

import io.jointflow.cloud.Sizes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the keys of one mapping of a definition by type. Every problem is reported at the position
 * of the offending key or value (or of the element for a missing key), and the getters return
 * {@code null} for a key that is absent, {@code null} in the file, or bad, so a caller reads on
 * and finds the next problem.
 *
 * <p>Also records the position of the element and its keys in the {@link PathIndex} under the
 * element's builder path, and marks the paths it reports as already reported.
 */
final class Fields {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  /** The forms of a bandwidth, for messages. */
  static final String BANDWIDTHS = "a size per second like 100MB/s (1KB = 1024 bytes)";

  private final Node.Mapping mapping;
  private final Position at;
  private final String path;
  private final String what;
  private final Diagnostics diagnostics;
  private final PathIndex paths;

  /**
   * @param at where the element is written: its key, or its list item
   * @param path the element's path in {@link io.jointflow.app.Problem} terms
   * @param what the element in messages, e.g. {@code function 'split'}
   */
  Fields(Node.Mapping mapping, Position at, String path, String what, Diagnostics diagnostics,
      PathIndex paths) {
    this.mapping = mapping;
    this.at = at;
    this.path = path;
    this.what = what;
    this.diagnostics = diagnostics;
    this.paths = paths;
    paths.put(path, at);
    mapping.fields().keySet().forEach(key -> paths.put(PathIndex.child(path, key), at(key)));
  }

  Position at() {
    return at;
  }

  String what() {
    return what;
  }

  /** The element's path in {@link io.jointflow.app.Problem} terms. */
  String path() {
    return path;
  }

  /**
   * Where a key's value is, for problems with the value: a scalar's own position, a mapping's or a
   * list's key (block collections start on the next line); the element's position if it is absent.
   */
  Position at(String key) {
    Node.Field f = mapping.fields().get(key);
    if (f == null) {
      return at;
    }
    return f.value() instanceof Node.Scalar s ? s.at() : f.keyAt();
  }

  /** Reports every key not in {@code valid}, listing the valid ones. */
  void allowOnly(List<String> valid) {
    for (Node.Field f : mapping.fields().values()) {
      if (!valid.contains(f.key())) {
        diagnostics.error(f.keyAt(), "unknown key '" + f.key() + "' in " + what + " (valid: "
            + String.join(", ", valid) + ")");
      }
    }
  }

  /** The keys as written, in file order. */
  List<Node.Field> fields() {
    return List.copyOf(mapping.fields().values());
  }

  /** The value of a key, or {@code null} when the key is absent or has no value. */
  Node node(String key) {
    Node.Field f = mapping.fields().get(key);
    return f == null || Node.isNull(f.value()) ? null : f.value();
  }

  boolean has(String key) {
    return node(key) != null;
  }

  /** Reports a missing or valueless required key; true when it has a value. */
  boolean require(String key) {
    if (has(key)) {
      return true;
    }
    error(key, mapping.fields().containsKey(key)
        ? what + " key '" + key + "' has no value"
        : what + " is missing required key '" + key + "'");
    return false;
  }

  /** Reports a problem with a key's value. */
  void error(String key, String message) {
    diagnostics.error(at(key), message);
    paths.reported(PathIndex.child(path, key));
  }

  /**
   * Reports a problem with the element as a whole. Its path is not marked as reported: the
   * builder's own findings about the element (a bad name, a duplicate) are still wanted.
   */
  void error(String message) {
    diagnostics.error(at, message);
  }

  /** A scalar as text: strings, and numbers or booleans as written. */
  String string(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s) {
      return s.text();
    }
    error(key, mismatch(key, "a string", n));
    return null;
  }

  /** An integer, also when quoted. */
  Integer integer(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && (s.kind() == Node.Scalar.Kind.INTEGER
        || s.kind() == Node.Scalar.Kind.STRING) && s.text().trim().matches("[+-]?\\d+")) {
      try {
        return Integer.parseInt(s.text().trim());
      } catch (NumberFormatException e) {
        error(key, what + " " + key + " is out of range: '" + s.text() + "'");
        return null;
      }
    }
    error(key, mismatch(key, "an integer", n));
    return null;
  }

  /** A duration in one of the {@link Durations#FORMS}. */
  Duration duration(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.BOOLEAN) {
      try {
        return Durations.parse(s.text());
      } catch (IllegalArgumentException e) {
        // falls through to the message with the valid forms
      }
    }
    error(key, mismatch(key, "a duration (" + Durations.FORMS + ")", n));
    return null;
  }

  /** A decimal number >= 0, also when quoted, exactly as written ({@code 0.0000166667}). */
  BigDecimal decimal(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.BOOLEAN
        && DECIMAL.matcher(s.text().trim()).matches()) {
      BigDecimal d = new BigDecimal(s.text().trim());
      if (d.signum() >= 0) {
        return d;
      }
    }
    error(key, mismatch(key, "a decimal number >= 0", n));
    return null;
  }

  /** A number, integer or decimal, also when quoted; its range is the consumer's. */
  Double number(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && s.kind() != Node.Scalar.Kind.BOOLEAN
        && DECIMAL.matcher(s.text().trim()).matches()) {
      return Double.valueOf(s.text().trim());
    }
    error(key, mismatch(key, "a number", n));
    return null;
  }

  /** A size in bytes ({@link Sizes#FORMS}). */
  Long size(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && (s.kind() == Node.Scalar.Kind.STRING || s.kind() == Node.Scalar.Kind.INTEGER)) {
      try {
        return Sizes.parse(s.text());
      } catch (IllegalArgumentException e) {
        // falls through to the message with the valid forms
      }
    }
    error(key, mismatch(key, "a size (" + Sizes.FORMS + ")", n));
    return null;
  }

  /** A bandwidth in bytes per second, written as a size per second ({@code 100MB/s}). */
  Long bandwidth(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Scalar s && s.text().trim().endsWith("/s")) {
      String size = s.text().trim();
      try {
        return Sizes.parse(size.substring(0, size.length() - 2));
      } catch (IllegalArgumentException e) {
        // falls through to the message with the valid forms
      }
    }
    error(key, mismatch(key, BANDWIDTHS, n));
    return null;
  }

  /** A list of scalars as text; {@code null} if any item is not a scalar (each one reported). */
  List<String> strings(String key) {
    Node.Sequence list = sequence(key);
    if (list == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Node item : list.items()) {
      if (item instanceof Node.Scalar s && !s.isNull()) {
        out.add(s.text());
      } else {
        diagnostics.error(item.at(), what + " " + key + " must list strings, not "
            + item.describe());
        paths.reported(PathIndex.child(path, key));
      }
    }
    return out.size() == list.items().size() ? out : null;
  }

  Node.Sequence sequence(String key) {
    Node n = node(key);
    if (n == null || n instanceof Node.Sequence) {
      return (Node.Sequence) n;
    }
    error(key, mismatch(key, "a list", n));
    return null;
  }

  Node.Mapping mapping(String key) {
    Node n = node(key);
    if (n == null || n instanceof Node.Mapping) {
      return (Node.Mapping) n;
    }
    error(key, mismatch(key, "a mapping", n));
    return null;
  }

  /** Fields of a nested mapping, e.g. a trigger's {@code rerun}. */
  Fields nested(String key, Node.Mapping value, String nestedWhat) {
    Node.Field f = mapping.fields().get(key);
    return new Fields(value, f == null ? at : f.keyAt(), PathIndex.child(path, key), nestedWhat,
        diagnostics, paths);
  }

  private String mismatch(String key, String expected, Node n) {
    return n instanceof Node.Scalar s
        ? what + " " + key + " must be " + expected + ": '" + s.text() + "'"
        : what + " " + key + " must be " + expected + ", not " + n.describe();
  }
}
