package io.jointflow.peers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jointflow.function.JointflowException;
import io.jointflow.function.Obj;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An input object of a function invoked by the peer; values decode as Jointflow decodes them. */
final class PeerObj implements Obj {
  /** As Jointflow's own encoding: unknown properties ignored, nulls left out. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();

  private final String runId;
  private final Item item;

  PeerObj(String runId, Item item) {
    this.runId = runId;
    this.item = item;
  }

  /** Encodes a value the way Jointflow does: bytes and strings as is, anything else as JSON. */
  static byte[] encode(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer b) {
      byte[] out = new byte[b.remaining()];
      b.duplicate().get(out);
      return out;
    }
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new JointflowException("value of type " + value.getClass().getName() + " cannot be encoded as JSON", e);
    }
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String bucket() {
    return item.bucket();
  }

  @Override
  public String key() {
    return item.key();
  }

  @Override
  public Map<String, String> meta() {
    return Map.of();
  }

  @Override
  public List<Integer> branch() {
    return List.of();
  }

  @Override
  public long size() {
    return item.value().length;
  }

  @Override
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(item.value()).asReadOnlyBuffer();
  }

  @Override
  public byte[] bytes() {
    return item.value().clone();
  }

  @Override
  public String text() {
    return new String(item.value(), StandardCharsets.UTF_8);
  }

  @Override
  public <T> T as(Class<T> type) {
    if (type == byte[].class) {
      return type.cast(bytes());
    }
    if (type == String.class) {
      return type.cast(text());
    }
    try {
      return MAPPER.readValue(item.value(), type);
    } catch (IOException e) {
      throw new JointflowException("object '" + item.key() + "' cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
