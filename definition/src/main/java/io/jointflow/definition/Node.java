package io.jointflow.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers where it starts, so that every problem found later can
 * be reported at its line. Only what a definition needs: mappings with ordered keys, lists, scalars.
 */
sealed interface Node permits Node.Mapping, Node.Sequence, Node.Scalar {

  /** Where the value starts. */
  Position at();

  /** "a mapping", "a list", "a string", ... for messages. */
  String describe();

  /** One key of a mapping, with the position of the key itself. */
  record Field(String key, Position keyAt, Node value) {}

  /** A mapping; keys in file order, each at most once. */
  record Mapping(Position at, Map<String, Field> fields) implements Node {
    public Mapping {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A list. */
  record Sequence(Position at, List<Node> items) implements Node {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar with its text as written; {@code null}, {@code ~} and nothing are {@link Kind#NULL}. */
  record Scalar(Position at, Kind kind, String text) implements Node {
    /** How the parser typed the scalar. */
    enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    boolean isNull() {
      return kind == Kind.NULL;
    }

    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "a string";
        case INTEGER, DECIMAL -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
      };
    }
  }

  /** True for an absent value: a key written without a value, {@code null} or {@code ~}. */
  static boolean isNull(Node node) {
    return node == null || node instanceof Scalar s && s.isNull();
  }
}
