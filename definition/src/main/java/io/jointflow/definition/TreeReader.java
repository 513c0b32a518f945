package io.jointflow.definition;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.jointflow.definition.Node.Scalar.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Node} tree from Jackson's streaming parser, recording the position of every key
 * and value. Works the same for the YAML and the JSON parser. Duplicate keys and YAML aliases,
 * which Jackson passes through silently, are reported (the tree keeps the first occurrence).
 */
final class TreeReader {
  private final JsonParser parser;
  private final Diagnostics diagnostics;

  private TreeReader(JsonParser parser, Diagnostics diagnostics) {
    this.parser = parser;
    this.diagnostics = diagnostics;
  }

  /**
   * Reads the one document of a file.
   *
   * @param extra the message for content after the first document
   * @return the root, or {@code null} for an empty document
   * @throws IOException for malformed input (a {@code JsonProcessingException} with its location)
   *     or a failing reader
   */
  static Node read(JsonParser parser, Diagnostics diagnostics, String extra) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return null;
    }
    TreeReader reader = new TreeReader(parser, diagnostics);
    Node root = reader.value(first);
    if (parser.nextToken() != null) {
      diagnostics.error(reader.here(), extra);
    }
    return root;
  }

  private Position here() {
    return Position.of(parser.currentTokenLocation());
  }

  private Node value(JsonToken token) throws IOException {
    Position at = here();
    return switch (token) {
      case START_OBJECT -> mapping(at);
      case START_ARRAY -> sequence(at);
      case VALUE_NUMBER_INT -> new Node.Scalar(at, Kind.INTEGER, parser.getText());
      case VALUE_NUMBER_FLOAT -> new Node.Scalar(at, Kind.DECIMAL, parser.getText());
      case VALUE_TRUE, VALUE_FALSE -> new Node.Scalar(at, Kind.BOOLEAN, parser.getText());
      case VALUE_NULL -> new Node.Scalar(at, Kind.NULL, parser.getText());
      case VALUE_STRING, VALUE_EMBEDDED_OBJECT -> string(at);
      default -> throw new IllegalStateException("unexpected " + token + " at " + at);
    };
  }

  private Node string(Position at) throws IOException {
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      diagnostics.error(at, "YAML aliases are not supported: '*" + parser.getText()
          + "' (write the value out)");
    }
    return new Node.Scalar(at, Kind.STRING, parser.getText());
  }

  private Node mapping(Position at) throws IOException {
    Map<String, Node.Field> fields = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      Position keyAt = here();
      Node value = value(parser.nextToken());
      Node.Field first = fields.putIfAbsent(key, new Node.Field(key, keyAt, value));
      if (first != null) {
        diagnostics.error(keyAt, "duplicate key '" + key + "' (first at line "
            + first.keyAt().line() + ")");
      }
    }
    expectEnd(token, JsonToken.END_OBJECT);
    return new Node.Mapping(at, fields);
  }

  private Node sequence(Position at) throws IOException {
    List<Node> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        expectEnd(null, JsonToken.END_ARRAY);
      }
      items.add(value(token));
    }
    return new Node.Sequence(at, items);
  }

  private void expectEnd(JsonToken token, JsonToken expected) throws IOException {
    if (token != expected) {
      // The parsers report truncated input themselves; this guards against a parser that does not.
      throw new JsonParseException(parser,
          "unexpected end of input: expected " + expected);
    }
  }
}
