package io.jointflow.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic instance ids (DESIGN section 4): a hash of the app, run, target function, trigger
 * and sorted input object ids, so that every re-execution of an instance has the same id and emits
 * objects with the same keys.
 */
final class InstanceIds {
  private static final HexFormat HEX = HexFormat.of();

  private InstanceIds() {}

  /** The id of an instance fired by a run-scoped trigger (or the entry invocation). */
  static String forInputs(String app, String runId, String function, String trigger, List<String> inputIds) {
    String[] sorted = inputIds.toArray(String[]::new);
    Arrays.sort(sorted);
    String[] parts = new String[4 + sorted.length];
    parts[0] = app;
    parts[1] = runId;
    parts[2] = function;
    parts[3] = trigger;
    System.arraycopy(sorted, 0, parts, 4, sorted.length);
    return function + "-" + hash(parts);
  }

  /** The id of an instance fired by round {@code round} of a trigger (global triggers, time windows). */
  static String forRound(String app, String scope, String function, String trigger, String round) {
    return function + "-" + hash(app, scope, function, trigger, round);
  }

  private static String hash(String... parts) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    for (String p : parts) {
      md.update(p.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HEX.formatHex(md.digest(), 0, 10);
  }
}
