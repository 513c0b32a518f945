package io.jointflow.dynamodb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table layout: every item has a string partition key {@code pk} and a string sort key {@code
 * sk}. DynamoDB orders sort keys by their UTF-8 bytes, which is Unicode code point order, the order
 * the contract asks of scans.
 *
 * <ul>
 *   <li>Plain values, counters, lists and set headers of namespace {@code NS} share partition {@code
 *       n#NS}; their sort key is a kind letter ({@code v}, {@code n}, {@code l}, {@code s}) and the
 *       store key, so a prefix scan is one strongly consistent {@code Query} with {@code
 *       begins_with}. A key whose sort key would pass DynamoDB's 1,024-byte limit is cut at a code
 *       point boundary and given {@code #} and a SHA-256 of the whole key; the whole key is then
 *       kept in attribute {@code k}.
 *   <li>A set's members live in a partition of their own, {@code s#HASH}: item {@code m#HASH(member)}
 *       maps a member to its position, item {@code p#POSITION} (19 digits) holds the member and its
 *       value, so members are read in position order. The set header ({@code s} + key in the
 *       namespace partition) holds the next position, which removals never lower.
 *   <li>A value above {@value #INLINE} bytes keeps its first part in the value item and the rest in
 *       partition {@code c#HASH}, items {@code CID#INDEX}; {@code CID} is new on every write, so a
 *       reader that finds parts missing knows the value changed and reads again.
 * </ul>
 */
final class Layout {
  /** The most bytes of a value kept in one item (DynamoDB items are at most 400 KB). */
  static final int INLINE = 300 * 1024;
  /** Sort keys are at most 1,024 bytes; longer keys are cut to this many bytes and hashed. */
  private static final int MAX_KEY_BYTES = 960;
  static final String PK = "pk";
  static final String SK = "sk";

  private final String namespacePk;
  private final String namespace;

  Layout(String namespace) {
    this.namespace = namespace;
    this.namespacePk = "n#" + namespace;
  }

  /** The key of the item of kind {@code kind} ({@code v}, {@code n}, {@code l}, {@code s}) for {@code key}. */
  Map<String, AttributeValue> itemKey(char kind, String key) {
    return key(namespacePk, sortKey(kind, key));
  }

  String namespacePk() {
    return namespacePk;
  }

  /** The sort key: the kind letter and the key, cut and hashed if too long. */
  static String sortKey(char kind, String key) {
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_KEY_BYTES) {
      return kind + key;
    }
    return kind + cut(key, MAX_KEY_BYTES) + "#" + hash(key);
  }

  /** The sort key prefix a {@code begins_with} query uses for {@code prefix} (results still need filtering). */
  static String sortPrefix(char kind, String prefix) {
    return kind + (prefix.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES ? prefix : cut(prefix, MAX_KEY_BYTES));
  }

  /** True if the key had to be cut, so that the item keeps it in attribute {@code k}. */
  static boolean isCut(String key) {
    return key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
  }

  /** The store key of an item of the namespace partition. */
  static String storeKey(Map<String, AttributeValue> item) {
    AttributeValue k = item.get("k");
    return k != null ? k.s() : item.get(SK).s().substring(1);
  }

  /** The partition of set {@code key}'s members. */
  String setPk(String key) {
    return "s#" + hash(namespace.length() + ":" + namespace + key);
  }

  /** The partition of the extra parts of value {@code key}. */
  String chunkPk(String key) {
    return "c#" + hash(namespace.length() + ":" + namespace + key);
  }

  static String memberSk(String member) {
    return "m#" + hash(member);
  }

  static String positionSk(long position) {
    return "p#" + String.format("%019d", position);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    Map<String, AttributeValue> m = new HashMap<>(4);
    m.put(PK, s(pk));
    m.put(SK, s(sk));
    return m;
  }

  static AttributeValue s(String s) {
    return AttributeValue.fromS(s);
  }

  static AttributeValue n(long n) {
    return AttributeValue.fromN(Long.toString(n));
  }

  static AttributeValue b(byte[] b) {
    return AttributeValue.fromB(SdkBytes.fromByteArray(b));
  }

  static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item == null ? null : item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  private static String cut(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
