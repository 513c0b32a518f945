package io.jointflow.app;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A boolean expression over an object's key, size and metadata (Jointλ's Choice), e.g.
 * {@code meta.kind == 'purchase' && size < 1024} or {@code key in ['a', 'b']}.
 *
 * <p>Grammar: {@code ||}, {@code &&}, {@code !}, parentheses, comparisons {@code == != < <= > >=},
 * {@code in [..]}; operands {@code key}, {@code size}, {@code meta.NAME}, quoted strings, numbers,
 * {@code true}, {@code false}. Two operands that both read as numbers compare numerically, otherwise
 * as strings. A missing metadata entry compares unequal to everything, another missing entry
 * included: with one, {@code ==}, {@code in} and the orderings are false and {@code !=} is true (so
 * {@code meta.x == meta.x} tests that {@code x} is present). Conditions are immutable and thread safe.
 */
public final class Condition {
  private final String source;
  private final Node root;

  private Condition(String source, Node root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException with the column and what was expected
   */
  public static Condition parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("condition is empty");
    }
    Parser p = new Parser(expression);
    Node n = p.or();
    p.skipSpace();
    if (p.pos < expression.length()) {
      throw p.error("unexpected '" + expression.substring(p.pos) + "'");
    }
    return new Condition(expression, n);
  }

  /** Evaluates the condition for an object. */
  public boolean test(String key, long size, Map<String, String> meta) {
    return truthy(root.eval(key, size, meta));
  }

  /** The expression as written. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && c.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  private static boolean truthy(Object v) {
    return v instanceof Boolean b ? b : v != null && !"false".equals(v) && !"".equals(v);
  }

  private interface Node {
    Object eval(String key, long size, Map<String, String> meta);
  }

  private record Literal(Object value) implements Node {
    @Override
    public Object eval(String key, long size, Map<String, String> meta) {
      return value;
    }
  }

  private record Field(String name) implements Node {
    @Override
    public Object eval(String key, long size, Map<String, String> meta) {
      return switch (name) {
        case "key" -> key;
        case "size" -> BigDecimal.valueOf(size);
        default -> meta == null ? null : meta.get(name.substring("meta.".length()));
      };
    }
  }

  private record Not(Node inner) implements Node {
    @Override
    public Object eval(String key, long size, Map<String, String> meta) {
      return !truthy(inner.eval(key, size, meta));
    }
  }

  private record Logic(boolean and, Node left, Node right) implements Node {
    @Override
    public Object eval(String key, long size, Map<String, String> meta) {
      boolean l = truthy(left.eval(key, size, meta));
      if (and ? !l : l) {
        return l;
      }
      return truthy(right.eval(key, size, meta));
    }
  }

  private record Compare(String op, Node left, Node right) implements Node {
    @Override
    public Object eval(String key, long size, Map<String, String> meta) {
      return compare(op, left.eval(key, size, meta), right.eval(key, size, meta));
    }
  }

  private record In(Node left, List<Node> choices) implements Node {
    @Override
    public Object eval(String key, long size, Map<String, String> meta) {
      Object l = left.eval(key, size, meta);
      for (Node c : choices) {
        if (compare("==", l, c.eval(key, size, meta))) {
          return true;
        }
      }
      return false;
    }
  }

  private static boolean compare(String op, Object l, Object r) {
    if (l == null || r == null) {
      // A missing metadata entry is unequal to everything, another missing entry included, and
      // neither less nor greater than anything: only != holds, so != stays the negation of ==.
      return op.equals("!=");
    }
    BigDecimal ln = number(l);
    BigDecimal rn = number(r);
    int c;
    if (ln != null && rn != null) {
      c = ln.compareTo(rn);
    } else {
      c = String.valueOf(l).compareTo(String.valueOf(r));
    }
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> throw new IllegalStateException(op);
    };
  }

  private static BigDecimal number(Object v) {
    if (v instanceof BigDecimal b) {
      return b;
    }
    if (v instanceof Boolean) {
      return null;
    }
    String s = String.valueOf(v).trim();
    if (s.isEmpty() || !(Character.isDigit(s.charAt(s.length() - 1)))) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "condition '" + s + "' at column " + (pos + 1) + ": " + what);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(String token) {
      skipSpace();
      if (s.startsWith(token, pos)) {
        pos += token.length();
        return true;
      }
      return false;
    }

    Node or() {
      Node n = and();
      while (eat("||")) {
        n = new Logic(false, n, and());
      }
      return n;
    }

    Node and() {
      Node n = not();
      while (eat("&&")) {
        n = new Logic(true, n, not());
      }
      return n;
    }

    Node not() {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '!' && !s.startsWith("!=", pos)) {
        pos++;
        return new Not(not());
      }
      return comparison();
    }

    Node comparison() {
      Node left = operand();
      skipSpace();
      for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
        if (eat(op)) {
          return new Compare(op, left, operand());
        }
      }
      if (s.startsWith("in", pos) && (pos + 2 >= s.length() || !Character.isLetterOrDigit(s.charAt(pos + 2)))) {
        pos += 2;
        if (!eat("[")) {
          throw error("expected '[' after 'in'");
        }
        List<Node> choices = new ArrayList<>();
        if (!eat("]")) {
          do {
            choices.add(operand());
          } while (eat(","));
          if (!eat("]")) {
            throw error("expected ',' or ']'");
          }
        }
        return new In(left, choices);
      }
      return left;
    }

    Node operand() {
      skipSpace();
      if (pos >= s.length()) {
        throw error("expected a value (key, size, meta.NAME, a string or a number)");
      }
      char c = s.charAt(pos);
      if (c == '(') {
        pos++;
        Node n = or();
        if (!eat(")")) {
          throw error("expected ')'");
        }
        return n;
      }
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String v = s.substring(pos + 1, end);
        pos = end + 1;
        return new Literal(v);
      }
      if (Character.isDigit(c) || c == '-' || c == '.') {
        int start = pos;
        pos++;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
            || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
          pos++;
        }
        try {
          return new Literal(new BigDecimal(s.substring(start, pos)));
        } catch (NumberFormatException e) {
          pos = start;
          throw error("bad number '" + s.substring(start, Math.min(s.length(), start + 12)) + "'");
        }
      }
      if (Character.isLetter(c)) {
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos))
            || "_.-".indexOf(s.charAt(pos)) >= 0)) {
          pos++;
        }
        String word = s.substring(start, pos);
        switch (word) {
          case "key", "size":
            return new Field(word);
          case "true":
            return new Literal(Boolean.TRUE);
          case "false":
            return new Literal(Boolean.FALSE);
          default:
            if (word.startsWith("meta.") && word.length() > 5) {
              return new Field(word);
            }
            pos = start;
            throw error("unknown name '" + word + "'; valid: key, size, meta.NAME, true, false");
        }
      }
      throw error("unexpected '" + c + "'");
    }
  }
}
