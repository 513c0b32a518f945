package io.jointflow.function;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * An immutable object in a bucket, within one run. Identity: {@code runId/bucket/key}.
 *
 * <p>Objects handed between functions on the same host are passed by reference: {@link #buffer()}
 * and {@link #as(Class)} do not copy. Callers must not modify what they get back.
 */
public interface Obj {
  /** The run this object belongs to. */
  String runId();

  /** The bucket the object was emitted into. */
  String bucket();

  /** The key, unique within the bucket and run. */
  String key();

  /** {@code runId/bucket/key}. */
  default String id() {
    return runId() + "/" + bucket() + "/" + key();
  }

  /** Metadata set by the producer; trigger conditions read it. Never null. */
  Map<String, String> meta();

  /** The branch path of the instance that produced the object (empty outside fan-outs). */
  List<Integer> branch();

  /** Size of the encoded bytes. */
  long size();

  /** The bytes as a read-only buffer, without copying. */
  ByteBuffer buffer();

  /** A copy of the bytes. */
  byte[] bytes();

  /** The bytes decoded as UTF-8. */
  String text();

  /**
   * The value decoded as {@code type} (JSON for objects). When the producer emitted a value of that
   * type on the same host, the same instance is returned without decoding.
   *
   * @throws JointflowException if the bytes do not decode as {@code type}
   */
  <T> T as(Class<T> type);
}
