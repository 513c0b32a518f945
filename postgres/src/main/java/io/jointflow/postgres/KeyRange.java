package io.jointflow.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The keys starting with a prefix (and after a start key) as an index range over their UTF-8 bytes:
 * {@code key >= lower} (or {@code >} when starting after a key) {@code AND key < upper}. bytea
 * compares by unsigned bytes, which for UTF-8 is code point order. UTF-8 has no byte 0xFF, so the
 * prefix with its last byte raised by one is greater than every key with the prefix and smaller
 * than every other greater key.
 *
 * @param lower the lower bound
 * @param exclusive whether the lower bound is excluded
 * @param upper the exclusive upper bound, or null for an empty prefix
 */
record KeyRange(byte[] lower, boolean exclusive, byte[] upper) {

  static KeyRange of(String prefix, String startAfter) {
    byte[] p = PostgresBatch.utf8(prefix);
    byte[] upper = null;
    if (p.length > 0) {
      upper = p.clone();
      upper[upper.length - 1]++;
    }
    if (startAfter != null) {
      byte[] s = PostgresBatch.utf8(startAfter);
      if (Arrays.compareUnsigned(s, p) >= 0) {
        return new KeyRange(s, true, upper);
      }
    }
    return new KeyRange(p, false, upper);
  }

  /** The condition on {@code column}, with one parameter per bound. */
  String where(String column) {
    String low = column + (exclusive ? " > ?" : " >= ?");
    return upper == null ? low : low + " AND " + column + " < ?";
  }

  /** Binds the bounds from parameter {@code index} on; returns the next free index. */
  int bind(PreparedStatement ps, int index) throws SQLException {
    ps.setBytes(index++, lower);
    if (upper != null) {
      ps.setBytes(index++, upper);
    }
    return index;
  }
}
