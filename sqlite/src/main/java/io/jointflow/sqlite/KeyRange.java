package io.jointflow.sqlite;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The keys starting with a prefix (and after a start key) as an index range: {@code key >= lower}
 * (or {@code >} when starting after a key) {@code AND key < upper}, where {@code upper} is the
 * smallest string greater than every string with the prefix. SQLite compares TEXT by UTF-8 bytes,
 * which is code point order, so the bounds are computed in that order.
 *
 * @param lower the lower bound
 * @param exclusive whether the lower bound is excluded
 * @param upper the exclusive upper bound, or null if none (empty prefix, or only U+10FFFF)
 */
record KeyRange(String lower, boolean exclusive, String upper) {

  static KeyRange of(String prefix, String startAfter) {
    String upper = successor(prefix);
    if (startAfter != null && compare(startAfter, prefix) >= 0) {
      return new KeyRange(startAfter, true, upper);
    }
    return new KeyRange(prefix, false, upper);
  }

  /** The WHERE condition, with one parameter per bound. */
  String where() {
    String low = exclusive ? "key > ?" : "key >= ?";
    return upper == null ? low : low + " AND key < ?";
  }

  /** Binds the bounds from parameter {@code index} on; returns the next free index. */
  int bind(PreparedStatement ps, int index) throws SQLException {
    ps.setString(index++, lower);
    if (upper != null) {
      ps.setString(index++, upper);
    }
    return index;
  }

  /**
   * The prefix with its last code point below U+10FFFF raised by one and everything after it cut,
   * skipping the surrogate range, which UTF-8 cannot encode.
   */
  static String successor(String prefix) {
    int[] cps = prefix.codePoints().toArray();
    for (int i = cps.length - 1; i >= 0; i--) {
      if (cps[i] < Character.MAX_CODE_POINT) {
        int next = cps[i] + 1;
        if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
          next = Character.MAX_SURROGATE + 1;
        }
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < i; j++) {
          b.appendCodePoint(cps[j]);
        }
        return b.appendCodePoint(next).toString();
      }
    }
    return null;
  }

  private static int compare(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
