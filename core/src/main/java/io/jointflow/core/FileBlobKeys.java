package io.jointflow.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Maps blob keys to relative paths for {@link FileBlobStore}, safely and injectively.
 *
 * <p>A key is {@code /}-separated names; each name becomes one path element. Names keep {@code
 * a-z 0-9 . _ -} as they are and write every other UTF-8 byte as {@code %XX} (upper-case hex), so
 * that file names are plain ASCII: two keys never meet in one file even on case-insensitive or
 * Unicode-normalizing filesystems, and the JVM's file-name encoding (which follows the locale) does
 * not matter. The encoding is per character, so a key prefix maps to a file-name prefix.
 */
final class FileBlobKeys {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private FileBlobKeys() {}

  /**
   * The path of {@code key} below {@code root}.
   *
   * @throws IllegalArgumentException if the key is empty, absolute, has an empty, {@code .} or
   *     {@code ..} name, or is not valid Unicode
   */
  static Path resolve(Path root, String key) {
    checkText("blob key", key);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("blob key '' is empty; keys look like 'run/bucket/object'");
    }
    if (key.startsWith("/")) {
      throw new IllegalArgumentException("blob key '" + key + "' is absolute; keys are relative, like 'run/bucket/object'");
    }
    Path path = root;
    for (String name : key.split("/", -1)) {
      checkName("blob key", key, name);
      path = path.resolve(encode(name));
    }
    return path;
  }

  /**
   * Where the keys starting with {@code prefix} live: the directory that holds them and the
   * encoded start of their file names there (empty: every entry of the directory).
   */
  record PrefixLocation(Path directory, String namePrefix) {}

  /**
   * Locates {@code prefix}: every name before its last {@code /} must be a valid name.
   *
   * @throws IllegalArgumentException if the prefix is absolute or has an invalid complete name
   */
  static PrefixLocation locate(Path root, String prefix) {
    checkText("blob prefix", prefix);
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("blob prefix '" + prefix + "' is absolute; prefixes are relative, like 'run/'");
    }
    int slash = prefix.lastIndexOf('/');
    Path dir = slash < 0 ? root : resolveAll(root, prefix, prefix.substring(0, slash));
    return new PrefixLocation(dir, encode(prefix.substring(slash + 1)));
  }

  private static Path resolveAll(Path root, String prefix, String names) {
    Path path = root;
    for (String name : names.split("/", -1)) {
      checkName("blob prefix", prefix, name);
      path = path.resolve(encode(name));
    }
    return path;
  }

  /** The key of {@code path}, a file or directory below {@code root}; for messages. */
  static String keyOf(Path root, Path path) {
    StringBuilder key = new StringBuilder();
    for (Path element : root.relativize(path)) {
      if (!key.isEmpty()) {
        key.append('/');
      }
      key.append(decode(element.toString()));
    }
    return key.toString();
  }

  private static void checkName(String thing, String key, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(thing + " '" + key + "' has an empty name (a leading, doubled or trailing '/')");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(thing + " '" + key + "' has a '" + name + "' name, which would leave its directory");
    }
  }

  private static void checkText(String thing, String key) {
    if (key == null) {
      throw new NullPointerException(thing);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(thing + " '" + key + "' is not valid Unicode: unpaired surrogate at index " + i);
      }
    }
  }

  static String encode(String name) {
    StringBuilder out = new StringBuilder(name.length() + 8);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  private static String decode(String fileName) {
    byte[] bytes = new byte[fileName.length()];
    int n = 0;
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      if (c == '%' && i + 2 < fileName.length()) {
        bytes[n++] = (byte) Integer.parseInt(fileName, i + 1, i + 3, 16);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}
