package io.jointflow.redis;

import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of {@link RedisStateStore}, from the resources beside this class. Each is run
 * with {@code EVALSHA} by its SHA-1 (computed here, as Redis does) and loaded with {@code SCRIPT
 * LOAD} when the store opens and whenever the server answers {@code NOSCRIPT} (after a restart).
 */
enum LuaScript {
  /** Every write: one atomic batch of operations, conditions checked first. */
  BATCH("batch.lua", ScriptOutputType.MULTI),
  /** Removes the plain values, sets, counters and lists under a prefix. */
  DELETE_PREFIX("delete-prefix.lua", ScriptOutputType.INTEGER),
  /** Plain values under a prefix, in key order, with their values and versions. */
  SCAN("scan.lua", ScriptOutputType.MULTI),
  /** Members of a set from a position on, with their positions and values. */
  MEMBERS("members.lua", ScriptOutputType.MULTI);

  private final byte[] source;
  private final String sha;
  private final ScriptOutputType output;

  LuaScript(String resource, ScriptOutputType output) {
    try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("script '" + resource + "' is missing from the jointflow-redis jar");
      }
      this.source = in.readAllBytes();
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
    this.output = output;
  }

  byte[] source() {
    return source.clone();
  }

  String sha() {
    return sha;
  }

  ScriptOutputType output() {
    return output;
  }

  String text() {
    return new String(source, StandardCharsets.UTF_8);
  }
}
