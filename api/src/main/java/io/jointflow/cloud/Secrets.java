package io.jointflow.cloud;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of clouds files: a clouds file names environment variables, never their
 * values. Recognises keys that announce a secret and values shaped like one, and never repeats a
 * suspected secret whole in a message.
 */
final class Secrets {
  /** What every rejection tells the user to do instead. */
  static final String ADVICE = "credentials never go in a clouds file: put the secret in an environment"
      + " variable and write the variable's name (e.g. credentials-env: [AWS_PROFILE])";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern SECRET_KEY = Pattern.compile(
      ".*(secret|passw|pwd|token|access[-_]?key|private[-_]?key|api[-_]?key|credential|signature).*");
  private static final Pattern KEY_ID = Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}|LTAI[0-9A-Za-z]{12,30}");
  private static final Pattern USER_INFO = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@.*");
  private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9+/=_-]{32,}");

  private Secrets() {}

  /** True for a name an environment variable can have. */
  static boolean isEnvName(String s) {
    return s != null && ENV_NAME.matcher(s).matches();
  }

  /** True for an option key that announces a secret value ({@code secret-key}, {@code password}). */
  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return !k.endsWith("-env") && SECRET_KEY.matcher(k).matches();
  }

  /**
   * True for a value shaped like a credential: an AWS or Alibaba access key id, a PEM key, a URL
   * with a password, or a long random-looking token.
   */
  static boolean looksSecret(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    if (KEY_ID.matcher(v).find() || v.contains("-----BEGIN") || USER_INFO.matcher(v).matches()) {
      return true;
    }
    return TOKEN_LIKE.matcher(v).matches() && v.chars().anyMatch(Character::isDigit)
        && v.chars().anyMatch(Character::isUpperCase) && v.chars().anyMatch(Character::isLowerCase);
  }

  /** True when a URL carries a password ({@code redis://user:pw@host}). */
  static boolean hasPassword(String url) {
    return url != null && USER_INFO.matcher(url.trim()).matches();
  }

  /**
   * A suspected secret for a message, never the whole: a URL with its password masked
   * ({@code redis://user:****@host}), anything else as its first characters and its length.
   */
  static String redact(String value) {
    String v = value.trim();
    if (hasPassword(v)) {
      int scheme = v.indexOf("://") + 3;
      int at = v.indexOf('@', scheme);
      int colon = v.indexOf(':', scheme);
      return "'" + v.substring(0, colon + 1) + "****" + v.substring(at) + "'";
    }
    return v.length() <= 4 ? "'****'" : "'" + v.substring(0, 4) + "...' (" + v.length() + " characters)";
  }
}
