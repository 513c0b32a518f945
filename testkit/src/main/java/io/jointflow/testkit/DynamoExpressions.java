package io.jointflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's condition, key-condition and update expressions, for {@link DynamoDbStandIn}: the
 * subset the Jointflow stores use, parsed and evaluated against items in DynamoDB's JSON form
 * ({@code {"S": "..."}}, {@code {"N": "..."}}, {@code {"B": "base64"}}, {@code {"L": [...]}}).
 * Supported: comparisons ({@code = <> < <= > >=}), {@code BETWEEN}, {@code AND}, {@code OR}, {@code
 * NOT}, parentheses, {@code attribute_exists}, {@code attribute_not_exists}, {@code begins_with};
 * updates {@code SET} (with {@code +}, {@code -}, {@code if_not_exists}, {@code list_append}),
 * {@code ADD} of numbers and {@code REMOVE}. Anything else is a {@code ValidationException}.
 */
final class DynamoExpressions {
  /** A request the stand-in refuses, as DynamoDB's {@code ValidationException}. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final List<String> tokens;
  private final Map<String, String> names;
  private final Map<String, JsonNode> values;
  private int at;

  private DynamoExpressions(String text, Map<String, String> names, Map<String, JsonNode> values) {
    this.tokens = tokenize(text);
    this.names = names;
    this.values = values;
  }

  /** Evaluates condition {@code text} on {@code item} ({@code null} when absent). */
  static boolean condition(String text, Map<String, String> names, Map<String, JsonNode> values, ObjectNode item) {
    DynamoExpressions p = new DynamoExpressions(text, names, values);
    boolean result = p.or(item == null ? JsonNodeFactory.instance.objectNode() : item);
    if (p.at != p.tokens.size()) {
      throw new Invalid("Invalid ConditionExpression: unexpected token '" + p.tokens.get(p.at) + "' in: " + text);
    }
    return result;
  }

  /** Applies update {@code text} to {@code item} in place; returns the names of the attributes it set. */
  static List<String> update(String text, Map<String, String> names, Map<String, JsonNode> values, ObjectNode item) {
    DynamoExpressions p = new DynamoExpressions(text, names, values);
    List<String> updated = new ArrayList<>();
    ObjectNode before = item.deepCopy();
    while (p.at < p.tokens.size()) {
      String clause = p.next().toUpperCase();
      do {
        String path = p.path();
        updated.add(path);
        switch (clause) {
          case "SET" -> {
            p.expect("=");
            JsonNode v = p.setValue(before);
            if (p.peek("+") || p.peek("-")) {
              boolean plus = p.next().equals("+");
              JsonNode w = p.setValue(before);
              v = number(num(v).add(plus ? num(w) : num(w).negate()));
            }
            item.set(path, v);
          }
          case "ADD" -> {
            JsonNode v = p.value();
            JsonNode old = item.get(path);
            item.set(path, old == null ? v : number(num(old).add(num(v))));
          }
          case "REMOVE" -> item.remove(path);
          default -> throw new Invalid("Invalid UpdateExpression: unknown clause '" + clause + "' in: " + text);
        }
      } while (p.peek(",") && p.next() != null);
    }
    return updated;
  }

  private boolean or(ObjectNode item) {
    boolean v = and(item);
    while (peekWord("OR")) {
      next();
      boolean w = and(item);
      v = v || w;
    }
    return v;
  }

  private boolean and(ObjectNode item) {
    boolean v = not(item);
    while (peekWord("AND")) {
      next();
      boolean w = not(item);
      v = v && w;
    }
    return v;
  }

  private boolean not(ObjectNode item) {
    if (peekWord("NOT")) {
      next();
      return !not(item);
    }
    if (peek("(")) {
      next();
      boolean v = or(item);
      expect(")");
      return v;
    }
    String t = tokens.get(at);
    if (t.equalsIgnoreCase("attribute_exists") || t.equalsIgnoreCase("attribute_not_exists")) {
      next();
      expect("(");
      String path = path();
      expect(")");
      return item.has(path) == t.equalsIgnoreCase("attribute_exists");
    }
    if (t.equals("begins_with")) {
      next();
      expect("(");
      JsonNode a = operand(item);
      expect(",");
      JsonNode b = operand(item);
      expect(")");
      return a != null && b != null && a.has("S") && b.has("S") && a.get("S").asText().startsWith(b.get("S").asText());
    }
    JsonNode left = operand(item);
    if (peekWord("BETWEEN")) {
      next();
      JsonNode lo = operand(item);
      expectWord("AND");
      JsonNode hi = operand(item);
      Integer a = compare(left, lo);
      Integer b = compare(left, hi);
      return a != null && b != null && a >= 0 && b <= 0;
    }
    String op = next();
    JsonNode right = operand(item);
    if (op.equals("<>")) {
      return left == null || right == null || !left.equals(right);
    }
    Integer c = compare(left, right);
    if (c == null) {
      return false;
    }
    return switch (op) {
      case "=" -> c == 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new Invalid("Invalid ConditionExpression: unknown operator '" + op + "'");
    };
  }

  private JsonNode operand(ObjectNode item) {
    return peek(":") || tokens.get(at).startsWith(":") ? value() : item.get(path());
  }

  private JsonNode setValue(ObjectNode item) {
    String t = tokens.get(at);
    if (t.equals("if_not_exists")) {
      next();
      expect("(");
      JsonNode v = item.get(path());
      expect(",");
      JsonNode d = setValue(item);
      expect(")");
      return v != null ? v : d;
    }
    if (t.equals("list_append")) {
      next();
      expect("(");
      JsonNode a = setValue(item);
      expect(",");
      JsonNode b = setValue(item);
      expect(")");
      if (a == null || b == null || !a.has("L") || !b.has("L")) {
        throw new Invalid("Invalid UpdateExpression: list_append needs two lists");
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.putArray("L").addAll((com.fasterxml.jackson.databind.node.ArrayNode) a.get("L")).addAll((com.fasterxml.jackson.databind.node.ArrayNode) b.get("L"));
      return out;
    }
    return operand(item);
  }

  private JsonNode value() {
    String t = next();
    JsonNode v = values.get(t);
    if (v == null) {
      throw new Invalid("An expression attribute value used in expression is not defined; attribute value: " + t);
    }
    return v;
  }

  private String path() {
    String t = next();
    if (t.startsWith("#")) {
      String n = names.get(t);
      if (n == null) {
        throw new Invalid("An expression attribute name used in the document path is not defined; attribute name: " + t);
      }
      return n;
    }
    if (!Character.isLetter(t.charAt(0))) {
      throw new Invalid("Invalid expression: expected an attribute name, found '" + t + "'");
    }
    return t;
  }

  /** Compares two values of one type (N, S or B); {@code null} if absent or of different types. */
  static Integer compare(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return null;
    }
    if (a.has("N") && b.has("N")) {
      return num(a).compareTo(num(b));
    }
    if (a.has("S") && b.has("S")) {
      return compareCodePoints(a.get("S").asText(), b.get("S").asText());
    }
    if (a.has("B") && b.has("B")) {
      return Arrays.compareUnsigned(Base64.getDecoder().decode(a.get("B").asText()), Base64.getDecoder().decode(b.get("B").asText()));
    }
    return null;
  }

  /** The order of UTF-8 bytes, which DynamoDB uses for strings. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static BigDecimal num(JsonNode v) {
    if (v == null || !v.has("N")) {
      throw new Invalid("An operand in the update expression has an incorrect data type");
    }
    return new BigDecimal(v.get("N").asText());
  }

  private static JsonNode number(BigDecimal n) {
    if (n.precision() > 38) {
      throw new Invalid("Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
    return JsonNodeFactory.instance.objectNode().put("N", n.stripTrailingZeros().toPlainString());
  }

  private boolean peek(String t) {
    return at < tokens.size() && tokens.get(at).equals(t);
  }

  private boolean peekWord(String w) {
    return at < tokens.size() && tokens.get(at).equalsIgnoreCase(w);
  }

  private String next() {
    if (at >= tokens.size()) {
      throw new Invalid("Invalid expression: unexpected end");
    }
    return tokens.get(at++);
  }

  private void expect(String t) {
    String n = next();
    if (!n.equals(t)) {
      throw new Invalid("Invalid expression: expected '" + t + "', found '" + n + "'");
    }
  }

  private void expectWord(String w) {
    String n = next();
    if (!n.equalsIgnoreCase(w)) {
      throw new Invalid("Invalid expression: expected '" + w + "', found '" + n + "'");
    }
  }

  private static List<String> tokenize(String text) {
    if (text == null || text.isBlank()) {
      throw new Invalid("Invalid expression: The expression can not be empty");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("(),=+-".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '<' || c == '>') {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        boolean pair = two.equals("<=") || two.equals(">=") || two.equals("<>");
        out.add(pair ? two : String.valueOf(c));
        i += pair ? 2 : 1;
      } else if (c == '#' || c == ':' || Character.isLetterOrDigit(c) || c == '_') {
        int j = i + 1;
        while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        out.add(text.substring(i, j));
        i = j;
      } else {
        throw new Invalid("Invalid expression: unexpected character '" + c + "' in: " + text);
      }
    }
    return out;
  }
}
