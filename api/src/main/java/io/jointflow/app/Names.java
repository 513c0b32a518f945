package io.jointflow.app;

import java.util.regex.Pattern;

/** Rules for names and keys, shared by the builder and the loaders. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  /** Longest object key accepted. */
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
      throw new IllegalArgumentException(kind + " name '" + name
          + "' is invalid: use letters, digits, '_', '.', '-' (at most 128, starting with a letter or digit)");
    }
    return name;
  }

  /**
   * Checks an object key: 1 to 512 characters, no '/', no control characters.
   *
   * @throws IllegalArgumentException naming the bad key
   */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("object key '" + key + "' must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '/' || Character.isISOControl(c)) {
        throw new IllegalArgumentException("object key '" + key + "' contains '/' or a control character");
      }
    }
    return key;
  }
}
