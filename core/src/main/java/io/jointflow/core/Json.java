package io.jointflow.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jointflow.function.JointflowException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodings: user values ({@code byte[]}, {@code ByteBuffer} and {@code String} as is, anything
 * else as JSON) and the runtime's own records (JSON).
 */
final class Json {
  /** Configured once and never changed afterwards; ObjectMapper is thread safe for use. */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .findAndAddModules()
      .build();

  private Json() {}

  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** True for values stored without encoding. */
  static boolean isRaw(Object value) {
    return value instanceof byte[] || value instanceof ByteBuffer || value instanceof String;
  }

  /** Encodes a user value; the result is read-only and owned by the caller. */
  static ByteBuffer encodeValue(Object value) {
    if (value instanceof byte[] b) {
      return ByteBuffer.wrap(b).asReadOnlyBuffer();
    }
    if (value instanceof ByteBuffer b) {
      return b.slice().asReadOnlyBuffer();
    }
    if (value instanceof String s) {
      return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }
    try {
      return ByteBuffer.wrap(MAPPER.writeValueAsBytes(value)).asReadOnlyBuffer();
    } catch (IOException e) {
      throw new JointflowException("value of type " + value.getClass().getName()
          + " cannot be encoded as JSON: " + e.getMessage(), e);
    }
  }

  /** Decodes bytes as {@code type}. */
  @SuppressWarnings("unchecked")
  static <T> T decodeValue(ByteBuffer bytes, Class<T> type) {
    if (type == byte[].class) {
      return (T) toArray(bytes);
    }
    if (type == ByteBuffer.class) {
      return (T) bytes.asReadOnlyBuffer();
    }
    if (type == String.class) {
      return (T) StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }
    try {
      return MAPPER.readValue(toArray(bytes), type);
    } catch (IOException e) {
      throw new JointflowException("bytes do not decode as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  static byte[] toArray(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    if (d.hasArray() && !d.isReadOnly() && d.arrayOffset() == 0 && d.position() == 0
        && d.remaining() == d.array().length) {
      return d.array().clone();
    }
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /** Writes a runtime record. */
  static byte[] write(Object record) {
    try {
      return MAPPER.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new JointflowException("cannot encode " + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Reads a runtime record. */
  static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new JointflowException("stored " + type.getSimpleName() + " is unreadable: " + e.getMessage(), e);
    }
  }
}
