package io.jointflow.app;

import java.util.regex.Pattern;

/** Rules for names and keys, shared by the builder and the loaders. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  /** Longest object key accepted, in characters (Unicode code points). */
  public static final int MAX_KEY_LENGTH = 512;

  private Names() {}

  /** True if {@code name} may name an app, function, bucket or trigger. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Checks a name of an app, function, bucket or trigger.
   *
   * @throws IllegalArgumentException naming the kind and the bad value
   */
  public static String checkName(String kind, String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(kind + " name '" + name + "' is invalid: " + NAME_RULE);
    }
    return name;
  }

  /** The rule for names, for messages. */
  public static final String NAME_RULE =
      "use letters, digits, '_', '.', '-' (at most 128 characters, starting with a letter or digit)";

  /**
   * Checks an object key: 1 to 512 characters (Unicode code points, so a key of 512 emoji is
   * valid), valid Unicode (no unpaired surrogate, which no store could keep as UTF-8), no '/', no
   * control characters.
   *
   * @throws IllegalArgumentException naming the bad key
   */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("object key '" + (key == null ? "" : key)
          + "' is empty: keys have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    int length = 0;
    for (int i = 0; i < key.length(); i++, length++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("object key '" + key + "' is not valid Unicode: unpaired surrogate at index " + i);
      } else if (c == '/' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("object key '" + key + "' contains '/' or a control character");
      }
    }
    if (length > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("object key '" + key.substring(0, key.offsetByCodePoints(0, 40))
          + "...' is too long: " + length + " characters (at most " + MAX_KEY_LENGTH + ")");
    }
    return key;
  }
}
