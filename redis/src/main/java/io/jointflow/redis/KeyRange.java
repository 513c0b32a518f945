package io.jointflow.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bounds, in {@code ZRANGEBYLEX} syntax, of the store keys under a prefix (and after a key).
 * Index members are the keys' UTF-8 bytes and Redis compares them bytewise, which is code point
 * order. No UTF-8 byte is {@code 0xFF}, so {@code prefix + 0xFF} is above every key that starts
 * with the prefix and below every other key above the prefix: no successor needs computing.
 *
 * @param min the lower bound ({@code [prefix} or {@code (startAfter})
 * @param max the upper bound ({@code (prefix\xFF}, or {@code +} for the empty prefix)
 */
record KeyRange(byte[] min, byte[] max) {

  static KeyRange of(String prefix, String startAfter) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] min = bound('[', p);
    if (startAfter != null) {
      byte[] after = startAfter.getBytes(StandardCharsets.UTF_8);
      if (Arrays.compareUnsigned(after, p) >= 0) {
        min = bound('(', after);
      }
    }
    byte[] max = new byte[] {'+'};
    if (p.length > 0) {
      max = Arrays.copyOf(bound('(', p), p.length + 2);
      max[p.length + 1] = (byte) 0xFF;
    }
    return new KeyRange(min, max);
  }

  private static byte[] bound(char kind, byte[] key) {
    byte[] b = new byte[key.length + 1];
    b[0] = (byte) kind;
    System.arraycopy(key, 0, b, 1, key.length);
    return b;
  }
}
